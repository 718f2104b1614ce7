/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hardinit/cleanup.h"
#include "hardinit/file.h"

int hi_write_file(const char *path, const struct iovec *iov, int n, const char *step,
                  struct hi_error *err)
{
    char tmp[PATH_MAX];
    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
        return hi_error_set(err, ENAMETOOLONG, step, "%s: path too long", path);
    _cleanup_close_ int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return hi_error_errno(err, errno, step, "%s", tmp);
    size_t want = 0;
    for (int i = 0; i < n; i++)
        want += iov[i].iov_len;
    errno = 0; /* a short write sets none */
    if (writev(fd, iov, n) != (ssize_t)want) {
        int e = errno ? errno : EIO;
        unlink(tmp);
        return hi_error_errno(err, e, step, "writing %s", tmp);
    }
    if (rename(tmp, path) < 0) {
        int e = errno;
        unlink(tmp);
        return hi_error_errno(err, e, step, "%s", path);
    }
    return 0;
}

ssize_t hi_read_small(const char *path, char *buf, size_t size)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return -errno;
    ssize_t n = read(fd, buf, size - 1);
    int e = errno;
    close(fd);
    if (n < 0)
        return -e;
    buf[n] = '\0';
    return n;
}

int hi_read_file(const char *path, size_t max, const char *step, char **ret, size_t *ret_len,
                 struct hi_error *err)
{
    /* O_NONBLOCK: opening a FIFO must not wait for a writer (regular files ignore it). */
    _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0)
        return hi_error_errno(err, errno, step, "%s", path);
    struct stat st;
    if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode))
        return hi_error_set(err, EINVAL, step, "%s: not a regular file", path);

    /* Start from the size the file says (0 for /proc files), grow while reading. */
    size_t cap = st.st_size > 0 && (size_t)st.st_size < max ? (size_t)st.st_size + 1 : 4096;
    if (cap > max + 1)
        cap = max + 1;
    _cleanup_free_ char *buf = malloc(cap + 1);
    if (!buf)
        return hi_error_errno(err, ENOMEM, step, "%s", path);
    size_t len = 0;
    for (;;) {
        if (len == cap) {
            size_t bigger = cap * 2 > max + 1 ? max + 1 : cap * 2;
            char *p = bigger > cap ? realloc(buf, bigger + 1) : NULL;
            if (!p)
                return hi_error_errno(err, ENOMEM, step, "%s", path);
            buf = p;
            cap = bigger;
        }
        ssize_t n = read(fd, buf + len, cap - len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return hi_error_errno(err, errno, step, "%s", path);
        if (n == 0)
            break;
        len += (size_t)n;
        if (len > max)
            return hi_error_set(err, EFBIG, step, "%s: larger than %zu bytes", path, max);
    }
    buf[len] = '\0';
    if (ret_len)
        *ret_len = len;
    *ret = TAKE_PTR(buf);
    return 0;
}
