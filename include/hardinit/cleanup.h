/* SPDX-License-Identifier: MIT */
/*
 * cleanup.h - scope-bound release of memory and file descriptors (systemd's pattern):
 *
 *     _cleanup_free_ char *buf = malloc(n);
 *     _cleanup_close_ int fd = open(...);
 *     ...
 *     *ret = TAKE_PTR(buf);   // hand over ownership: nothing is freed at scope exit
 */
#ifndef HARDINIT_CLEANUP_H
#define HARDINIT_CLEANUP_H

#include <stdlib.h>
#include <unistd.h>

static inline void hi_freep(void *p)
{
    free(*(void **)p);
}

static inline void hi_closep(const int *fd)
{
    if (*fd >= 0)
        close(*fd);
}

#define _cleanup_free_  __attribute__((cleanup(hi_freep)))
#define _cleanup_close_ __attribute__((cleanup(hi_closep)))

#define TAKE_PTR(p)                                                                                \
    ({                                                                                             \
        __typeof__(p) _taken = (p);                                                                \
        (p) = NULL;                                                                                \
        _taken;                                                                                    \
    })

#endif
