#include "host/input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace referral {

namespace {

Error io_error(const std::string& path, const std::string& why) {
    Error e = make_error(ErrorCode::kIoError, "", "无法读取输入文件：" + why);
    e.file = path;
    return e;
}

// Opens `path` ("-" = standard input). A regular file is opened without blocking (O_NONBLOCK: were
// it swapped for a FIFO after the check, open() would still return) and checked again once open.
std::optional<Error> open_fd(const std::string& path, int& fd, bool& owned) {
    if (path == "-") {
        fd = STDIN_FILENO;
        owned = false;
        return std::nullopt;
    }
    if (auto e = check_input_file(path)) return e;
    fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) return io_error(path, std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        fd = -1;
        return io_error(path, "不是普通文件 / not a regular file");
    }
    owned = true;
    return std::nullopt;
}

// read(2) that retries when interrupted; a would-block on standard input (a non-blocking pipe
// inherited from the caller) waits a moment and retries.
ssize_t read_some(int fd, char* buf, size_t n) {
    for (;;) {
        const ssize_t got = ::read(fd, buf, n);
        if (got >= 0) return got;
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            ::usleep(1000);
            continue;
        }
        return -1;
    }
}

std::string mib(size_t bytes) {
    if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return std::to_string(bytes >> 20) + " MiB（" + std::to_string(bytes) + " 字节）";
    return std::to_string(bytes) + " 字节";
}

}  // namespace

std::optional<Error> check_input_file(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return io_error(path, std::strerror(errno));
    if (S_ISDIR(st.st_mode)) return io_error(path, "是文件夹 / is a folder");
    if (!S_ISREG(st.st_mode))
        return io_error(path, "不是普通文件（管道、设备或套接字）/ not a regular file (a FIFO, device or socket)");
    return std::nullopt;
}

Error input_too_large(const std::string& path, size_t limit, const std::string& what) {
    Error e = make_error(ErrorCode::kTooLarge, "", what + "超过 " + mib(limit) + "的上限 / larger than the limit");
    e.file = path;
    return e;
}

Result<std::string> read_input(const std::string& path, size_t limit) {
    int fd = -1;
    bool owned = false;
    if (auto e = open_fd(path, fd, owned)) return *e;
    std::string out;
    char buf[65536];
    std::optional<Error> failure;
    for (;;) {
        // Never more than one byte past the limit is asked for: the limit is checked while reading.
        const size_t want = std::min(sizeof buf, limit + 1 - out.size());
        const ssize_t got = read_some(fd, buf, want);
        if (got < 0) {
            failure = io_error(path, std::strerror(errno));
            break;
        }
        if (got == 0) break;
        out.append(buf, static_cast<size_t>(got));
        if (out.size() > limit) {
            failure = input_too_large(path, limit);
            break;
        }
    }
    if (owned) ::close(fd);
    if (failure) return *failure;
    return out;
}

LineReader::~LineReader() {
    if (owned_ && fd_ >= 0) ::close(fd_);
}

std::optional<Error> LineReader::open(const std::string& path) {
    path_ = path;
    return open_fd(path, fd_, owned_);
}

bool LineReader::fill() {
    if (eof_ || failed_ || fd_ < 0) return false;
    const ssize_t got = read_some(fd_, buf_, sizeof buf_);
    if (got < 0) {
        failed_ = true;
        error_ = io_error(path_, std::strerror(errno));
        return false;
    }
    if (got == 0) {
        eof_ = true;
        return false;
    }
    pos_ = 0;
    len_ = static_cast<size_t>(got);
    total_ += len_;
    return true;
}

LineReader::Next LineReader::next(size_t limit, std::string& line) {
    line.clear();
    bool any = false;
    for (;;) {
        if (pos_ == len_ && !fill()) {
            if (failed_) return Next::kError;
            return any ? Next::kLine : Next::kEnd;
        }
        any = true;
        const char* start = buf_ + pos_;
        const size_t avail = len_ - pos_;
        const void* nl = std::memchr(start, '\n', avail);
        const size_t take = nl ? static_cast<size_t>(static_cast<const char*>(nl) - start) : avail;
        if (line.size() + take > limit) {
            const size_t room = limit + 1 - line.size();
            line.append(start, room);
            pos_ += room;
            return Next::kTooLong;
        }
        line.append(start, take);
        pos_ += take;
        if (nl) {
            ++pos_;  // the '\n'
            return Next::kLine;
        }
    }
}

bool LineReader::skip_line(size_t max) {
    size_t skipped = 0;
    for (;;) {
        if (pos_ == len_ && !fill()) return false;
        const char* start = buf_ + pos_;
        const size_t avail = std::min(len_ - pos_, max - skipped);
        const void* nl = std::memchr(start, '\n', avail);
        if (nl) {
            pos_ += static_cast<size_t>(static_cast<const char*>(nl) - start) + 1;
            return true;
        }
        pos_ += avail;
        skipped += avail;
        if (skipped >= max) return false;
    }
}

}  // namespace referral
