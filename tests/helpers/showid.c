/* SPDX-License-Identifier: MIT */
/* showid - test helper: print "uid=<real> euid=<effective>"; installed setuid root by tests. */
#include <stdio.h>
#include <unistd.h>

int main(void)
{
    printf("uid=%u euid=%u\n", (unsigned)getuid(), (unsigned)geteuid());
    return 0;
}
