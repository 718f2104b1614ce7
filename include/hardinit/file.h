/* SPDX-License-Identifier: MIT */
/* file.h - reading a whole file from outside, bounded, without blocking on FIFOs. */
#ifndef HARDINIT_FILE_H
#define HARDINIT_FILE_H

#include <stddef.h>
#include <sys/types.h>
#include <sys/uio.h>

#include "hardinit/error.h"

/*
 * Read the regular file at path, at most max bytes, NUL-terminated, into *ret (malloc'd).
 * A FIFO or device is refused (it could block PID 1's start), as is a larger file.
 * Errors are filed under step.
 */
int hi_read_file(const char *path, size_t max, const char *step, char **ret, size_t *ret_len,
                 struct hi_error *err);

/*
 * Write path atomically: the pieces into path.tmp, then rename over path, so that a
 * reader sees the old file or the new one, never half of one. Errors are filed under step.
 */
int hi_write_file(const char *path, const struct iovec *iov, int n, const char *step,
                  struct hi_error *err);

/*
 * A small file (/proc, /sys) into buf with one read(2), NUL-terminated: the bytes read,
 * or -errno. No allocation: async-signal-safe, and fit for the event loop.
 */
ssize_t hi_read_small(const char *path, char *buf, size_t size);

#endif
