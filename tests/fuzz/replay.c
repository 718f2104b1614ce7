/* SPDX-License-Identifier: MIT */
/*
 * replay.c - a main() for the fuzz harnesses where libFuzzer is not used: runs every file
 * given (or in the directories given), then a fixed number of deterministic mutations of
 * each, so that the harnesses run in every test pass, not only in fuzzing sessions.
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MUTATIONS        2000
#define REPLAY_MAX_INPUT (64 * 1024)

static uint64_t rng = 0x9e3779b97f4a7c15ULL;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static size_t runs;

static void run_mutations(const uint8_t *seed, size_t len)
{
    uint8_t buf[REPLAY_MAX_INPUT];
    LLVMFuzzerTestOneInput(seed, len);
    runs++;
    for (int i = 0; i < MUTATIONS; i++) {
        size_t n = len;
        memcpy(buf, seed, n);
        int edits = 1 + (int)(next() % 4);
        for (int e = 0; e < edits; e++) {
            uint64_t r = next();
            size_t at = n ? (size_t)(r >> 8) % n : 0;
            switch (r % 4) {
            case 0: /* flip a byte */
                if (n)
                    buf[at] = (uint8_t)(next() & 0xff);
                break;
            case 1: /* cut */
                n = at;
                break;
            case 2: /* duplicate a run */
                if (n && n * 2 < sizeof(buf)) {
                    memcpy(buf + n, buf + at, n - at);
                    n += n - at;
                }
                break;
            case 3: /* insert an interesting byte */
                if (n + 1 < sizeof(buf)) {
                    static const uint8_t special[] = {0, '"', '\\', ':', ',', '{', '[', 0xff};
                    memmove(buf + at + 1, buf + at, n - at);
                    buf[at] = special[next() % sizeof(special)];
                    n++;
                }
                break;
            }
        }
        LLVMFuzzerTestOneInput(buf, n);
        runs++;
    }
}

static void run_file(const char *path)
{
    static uint8_t data[REPLAY_MAX_INPUT];
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    size_t len = fread(data, 1, sizeof(data), f);
    fclose(f);
    run_mutations(data, len);
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            DIR *d = opendir(argv[i]);
            struct dirent *e;
            while (d && (e = readdir(d))) {
                if (e->d_name[0] == '.')
                    continue;
                char path[4096];
                snprintf(path, sizeof(path), "%s/%s", argv[i], e->d_name);
                run_file(path);
            }
            if (d)
                closedir(d);
        } else {
            run_file(argv[i]);
        }
    }
    printf("replayed %zu inputs\n", runs);
    return runs ? 0 : 1;
}
