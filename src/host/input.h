// input.h — the one reader of the programs' input: every file and standard input the CLI reads
// (a case, a batch, a packet input, a ledger, a catalogue, a notice, a pack or calendar file, an
// attachment, a packet ZIP) goes through here, bounded by a limit of core/limits.h.
//
// [SECTION] Opening: regular files only, checked before anything blocks
// [SECTION] read_input: a whole document, its size checked while it is read
// [SECTION] LineReader: a document line by line, each line's size checked while it is read
//
// A path other than "-" must name a regular file (a symbolic link to one is followed): a folder,
// FIFO, device or socket is refused with io_error before it is read — a FIFO would block open()
// for ever and /dev/zero never ends. "-" is standard input, whatever it is (a pipe, a file, a
// terminal): its size is bounded as it is read. Past a limit the error is too_large, worded the same
// everywhere (input_too_large), and nothing further is read.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "core/result.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] Opening
//-----------------------------------------------------------------------------
// io_error naming `path` when it is missing, unreadable, or not a regular file; nullopt when it may
// be opened. For readers that open the file themselves (minizip).
std::optional<Error> check_input_file(const std::string& path);

// too_large naming `path` and `limit` (in bytes and, when it is whole, in MiB): the one wording.
Error input_too_large(const std::string& path, size_t limit, const std::string& what = "输入");

//-----------------------------------------------------------------------------
// [SECTION] read_input
//-----------------------------------------------------------------------------
// The whole content of `path` ("-" = standard input), at most `limit` bytes.
Result<std::string> read_input(const std::string& path, size_t limit);

//-----------------------------------------------------------------------------
// [SECTION] LineReader
//-----------------------------------------------------------------------------
class LineReader {
public:
    LineReader() = default;
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;
    ~LineReader();

    // Opens `path` ("-" = standard input) as above; the error when it cannot.
    std::optional<Error> open(const std::string& path);

    enum class Next {
        kLine,     // `line` holds the next line, without its '\n'
        kTooLong,  // the line has more than `limit` bytes: `limit` + 1 of them were read, no more
        kEnd,      // no more input
        kError,    // a read error (io_error from error())
    };
    // Reads the next line, keeping at most `limit` bytes of it in memory.
    Next next(size_t limit, std::string& line);
    // After kTooLong: reads on to the end of that line, at most `max` bytes; false when the line
    // did not end within them (or the input ended or failed first: then next() says which).
    bool skip_line(size_t max);

    size_t bytes_read() const { return total_ - (len_ - pos_); }  // bytes of the lines read so far
    const Error& error() const { return error_; }

private:
    bool fill();  // false at the end of the input or on an error

    int fd_ = -1;
    bool owned_ = false;
    std::string path_;
    char buf_[65536];
    size_t pos_ = 0, len_ = 0;
    size_t total_ = 0;
    bool eof_ = false, failed_ = false;
    Error error_;
};

}  // namespace referral
