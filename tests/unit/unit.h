/* SPDX-License-Identifier: MIT */
/* unit.h - what every Check suite of tests/unit shares. */
#ifndef HARDINIT_TESTS_UNIT_H
#define HARDINIT_TESTS_UNIT_H

#include <check.h>
#include <stdlib.h>

#define N(a) ((int)(sizeof(a) / sizeof((a)[0])))

/* Run one suite and turn its result into the exit status meson expects. */
static inline int hi_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
