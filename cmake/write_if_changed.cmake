# write_if_changed(FILE TEXT): writes TEXT to FILE only when it differs, atomically (a temporary file,
# then a rename), so an unchanged input does not trigger recompiles. Shared by the embed scripts.
function(write_if_changed file text)
  set(old "")
  if(EXISTS "${file}")
    file(READ "${file}" old)
  endif()
  if(NOT old STREQUAL text)
    file(WRITE "${file}.tmp" "${text}")
    file(RENAME "${file}.tmp" "${file}")
  endif()
endfunction()
