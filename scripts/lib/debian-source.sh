# debian-source.sh — sourced by scripts/fetch-*: enables Debian's source packages if needed and
# unpacks a package's upstream tarball. Needs root (or sudo) the first time, for apt.

# enable_deb_src: adds bookworm's deb-src entry unless one exists, then refreshes the lists.
enable_deb_src() {
  local sudo="" list=/etc/apt/sources.list.d/referral-debian-src.sources
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
    echo "debian-source: enabling Debian source packages ($list)"
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
      $sudo tee "$list" >/dev/null
    $sudo apt-get update -qq
  fi
}

# unpack_orig PACKAGE VERSION_GLOB WORKDIR: downloads the source package into WORKDIR (world-readable:
# apt drops to user _apt for downloads) and unpacks its .orig tarball into WORKDIR/x.
unpack_orig() {
  local package="$1" version="$2" work="$3" tarball
  chmod 755 "$work"
  (cd "$work" && apt-get source --download-only -qq "$package" >/dev/null)
  tarball="$(ls "$work"/"${package}"_${version}*.orig.tar.* | head -n1)"
  mkdir -p "$work/x"
  tar -xf "$tarball" -C "$work/x"
}
