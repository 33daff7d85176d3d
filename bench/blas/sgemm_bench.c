/*
 * OpenBLAS SGEMM on the matrix-product shapes of a training step: the reference side of bench/gemm.sh, which runs
 * it next to the JVM backend's GemmBench on the same shapes (org.neuromod.bench.GemmShapes prints them) and
 * reports both with bench/gemm_report.py.
 *
 *   gcc -O2 -o bench/target/sgemm_bench bench/blas/sgemm_bench.c -ldl
 *   bench/target/sgemm_bench [--lib PATH] [--threads 1,2] [--populations 1,8,32,128] [--seconds 0.4]
 *                            [--windows 5] [--check] < shapes.tsv
 *
 * stdin: tab- (or space-) separated lines "name M N K transA transB"; blank lines and lines starting with '#' are
 * skipped. Row-major C (M, N) = op(A) . op(B): transA=1 means A is stored (K, M) and used transposed, transB=1
 * that B is stored (N, K). A population P is P independent members, each with its own A, B and C (one contiguous,
 * 64-byte aligned block, small random values), multiplied by P separate cblas_sgemm calls (row-major, alpha 1,
 * beta 0). For each (shape, P, threads): openblas_set_num_threads(threads), about 0.1 s of warm-up, then
 * `windows` timed windows of at least `seconds` each (the P-call sweep repeated until the window is full);
 * GFLOP/s = 2 M N K P sweeps / time, and the median window is reported. One JSON object per line on stdout:
 *
 *   {"shape":..,"M":..,"N":..,"K":..,"transA":..,"transB":..,"population":P,"threads":t,"gflops":median,
 *    "windows":[..],"core":openblas_get_corename(),"config":openblas_get_config(),"coretype":$OPENBLAS_CORETYPE}
 *
 * ("coretype" is null when OPENBLAS_CORETYPE is unset.) The library is opened with dlopen (--lib, default
 * Debian's libopenblas.so.0), so no -dev package is needed. --check compares member 0's C of every measured
 * (shape, P, threads) with a naive triple loop in double and exits 1 if the relative error (largest absolute
 * difference over the largest absolute reference value) passes 1e-4. A thread count OpenBLAS does not grant (past
 * its MAX_THREADS) is named on stderr. Bad arguments, bad input or a library that cannot be loaded: a message on
 * stderr and exit 2.
 */
#define _POSIX_C_SOURCE 200809L
#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The CBLAS enumerations' values, as in cblas.h. */
enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*sgemm_fn)(int order, int trans_a, int trans_b, int m, int n, int k, float alpha, const float *a,
                         int lda, const float *b, int ldb, float beta, float *c, int ldc);
typedef void (*set_threads_fn)(int threads);
typedef int (*get_threads_fn)(void);
typedef char *(*info_fn)(void);

static sgemm_fn cblas_sgemm_p;
static set_threads_fn set_threads_p;
static get_threads_fn get_threads_p; /* optional: only to warn when OpenBLAS runs fewer threads than asked */
static info_fn corename_p, config_p;

#define MAX_LIST 64
#define MAX_NAME 128
#define WARMUP_SECONDS 0.1
#define CHECK_TOLERANCE 1e-4

typedef struct {
    char name[MAX_NAME];
    long m, n, k;
    int trans_a, trans_b;
} shape_t;

static void die(const char *fmt, const char *arg) {
    fputs("sgemm_bench: ", stderr);
    fprintf(stderr, fmt, arg);
    fputc('\n', stderr);
    exit(2);
}

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec + 1e-9 * (double) ts.tv_nsec;
}

/* A comma-separated list of positive integers into out; returns its length. */
static int parse_list(const char *flag, const char *text, int *out) {
    int count = 0;
    const char *p = text;
    while (1) {
        char *end;
        errno = 0;
        long v = strtol(p, &end, 10);
        if (end == p || errno != 0 || v < 1 || v > 1000000 || (*end != ',' && *end != '\0')) {
            die("%s wants a comma-separated list of positive integers", flag);
        }
        if (count == MAX_LIST) {
            die("%s: too many values", flag);
        }
        out[count++] = (int) v;
        if (*end == '\0') {
            return count;
        }
        p = end + 1;
    }
}

static void load_library(const char *path) {
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (lib == NULL) {
        const char *why = dlerror();
        fprintf(stderr, "sgemm_bench: cannot load the BLAS library %s: %s (--lib PATH names another)\n", path,
                why ? why : "unknown error");
        exit(2);
    }
    /* dlsym returns void *; copying it into a function pointer is the POSIX-sanctioned way. */
    void *sym;
    const char *names[] = {"cblas_sgemm", "openblas_set_num_threads", "openblas_get_corename",
                           "openblas_get_config"};
    void **slots[] = {(void **) &cblas_sgemm_p, (void **) &set_threads_p, (void **) &corename_p,
                      (void **) &config_p};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        dlerror();
        sym = dlsym(lib, names[i]);
        if (sym == NULL) {
            fprintf(stderr, "sgemm_bench: %s has no symbol %s: is it OpenBLAS?\n", path, names[i]);
            exit(2);
        }
        memcpy(slots[i], &sym, sizeof sym);
    }
    sym = dlsym(lib, "openblas_get_num_threads");
    if (sym != NULL) {
        memcpy(&get_threads_p, &sym, sizeof sym);
    }
}

/* Reads the shapes from stdin; returns how many, *out allocated. */
static int read_shapes(shape_t **out) {
    int count = 0, capacity = 16, line_no = 0;
    shape_t *shapes = malloc(capacity * sizeof *shapes);
    char line[1024];
    if (shapes == NULL) {
        die("%s", "out of memory");
    }
    while (fgets(line, sizeof line, stdin) != NULL) {
        line_no++;
        if (strchr(line, '\n') == NULL && !feof(stdin)) {
            fprintf(stderr, "sgemm_bench: stdin line %d is too long\n", line_no);
            exit(2);
        }
        char *p = line;
        while (*p == ' ' || *p == '\t') {
            p++;
        }
        if (*p == '#' || *p == '\n' || *p == '\r' || *p == '\0') {
            continue;
        }
        shape_t s;
        char rest[2];
        char fmt[64];
        snprintf(fmt, sizeof fmt, "%%%ds %%ld %%ld %%ld %%d %%d %%1s", MAX_NAME - 1);
        int got = sscanf(p, fmt, s.name, &s.m, &s.n, &s.k, &s.trans_a, &s.trans_b, rest);
        if (got != 6 || s.m < 1 || s.n < 1 || s.k < 1 || s.m > 1000000 || s.n > 1000000 || s.k > 1000000
            || (s.trans_a != 0 && s.trans_a != 1) || (s.trans_b != 0 && s.trans_b != 1)) {
            line[strcspn(line, "\r\n")] = '\0';
            fprintf(stderr, "sgemm_bench: stdin line %d is not 'name M N K transA transB' (positive M, N, K; "
                            "transA, transB 0 or 1): '%s'\n", line_no, line);
            exit(2);
        }
        if (count == capacity) {
            capacity *= 2;
            shape_t *grown = realloc(shapes, capacity * sizeof *shapes);
            if (grown == NULL) {
                die("%s", "out of memory");
            }
            shapes = grown;
        }
        shapes[count++] = s;
    }
    if (ferror(stdin)) {
        die("%s", "cannot read stdin");
    }
    if (count == 0) {
        die("%s", "no shapes on stdin (lines 'name M N K transA transB')");
    }
    *out = shapes;
    return count;
}

/* Floats per member buffer, rounded up to 16 (64 bytes) so every member's A, B and C start 64-byte aligned. */
static size_t padded(size_t floats) {
    return (floats + 15) / 16 * 16;
}

typedef struct {
    const shape_t *s;
    int population;
    size_t a_len, b_len, c_len;
    float *block;
} members_t;

static float *member_a(const members_t *w, int p) {
    return w->block + (size_t) p * (w->a_len + w->b_len + w->c_len);
}

static float *member_b(const members_t *w, int p) {
    return member_a(w, p) + w->a_len;
}

static float *member_c(const members_t *w, int p) {
    return member_b(w, p) + w->b_len;
}

static void sweep(const members_t *w) {
    const shape_t *s = w->s;
    int lda = (int) (s->trans_a ? s->m : s->k);
    int ldb = (int) (s->trans_b ? s->k : s->n);
    for (int p = 0; p < w->population; p++) {
        cblas_sgemm_p(ROW_MAJOR, s->trans_a ? TRANS : NO_TRANS, s->trans_b ? TRANS : NO_TRANS, (int) s->m,
                      (int) s->n, (int) s->k, 1.0f, member_a(w, p), lda, member_b(w, p), ldb, 0.0f, member_c(w, p),
                      (int) s->n);
    }
}

/* Relative error of member 0's C against a naive product in double. */
static double check_member0(const members_t *w) {
    const shape_t *s = w->s;
    const float *a = member_a(w, 0), *b = member_b(w, 0), *c = member_c(w, 0);
    double worst_diff = 0.0, largest = 0.0;
    for (long i = 0; i < s->m; i++) {
        for (long j = 0; j < s->n; j++) {
            double sum = 0.0;
            for (long l = 0; l < s->k; l++) {
                double av = s->trans_a ? a[l * s->m + i] : a[i * s->k + l];
                double bv = s->trans_b ? b[j * s->k + l] : b[l * s->n + j];
                sum += av * bv;
            }
            double diff = fabs(sum - (double) c[i * s->n + j]);
            if (diff > worst_diff || diff != diff) {
                worst_diff = diff;
            }
            if (fabs(sum) > largest) {
                largest = fabs(sum);
            }
        }
    }
    return largest > 0.0 ? worst_diff / largest : worst_diff;
}

static int compare_doubles(const void *x, const void *y) {
    double a = *(const double *) x, b = *(const double *) y;
    return (a > b) - (a < b);
}

static double median(const double *values, int count) {
    double sorted[MAX_LIST];
    memcpy(sorted, values, count * sizeof *values);
    qsort(sorted, count, sizeof *sorted, compare_doubles);
    return count % 2 ? sorted[count / 2] : 0.5 * (sorted[count / 2 - 1] + sorted[count / 2]);
}

/* A JSON string literal, or null for NULL. */
static void print_json_string(const char *text) {
    if (text == NULL) {
        fputs("null", stdout);
        return;
    }
    putchar('"');
    for (const unsigned char *p = (const unsigned char *) text; *p; p++) {
        if (*p == '"' || *p == '\\') {
            printf("\\%c", *p);
        } else if (*p < 0x20) {
            printf("\\u%04x", *p);
        } else {
            putchar(*p);
        }
    }
    putchar('"');
}

static void usage(FILE *to) {
    fputs("usage: sgemm_bench [--lib PATH] [--threads 1,2] [--populations 1,8,32,128] [--seconds 0.4]\n"
          "                   [--windows 5] [--check] < shapes.tsv   (lines 'name M N K transA transB')\n",
          to);
}

int main(int argc, char **argv) {
    const char *lib = "/usr/lib/x86_64-linux-gnu/libopenblas.so.0";
    int threads[MAX_LIST] = {1}, thread_count = 1;
    int populations[MAX_LIST] = {1, 8, 32, 128}, population_count = 4;
    double seconds = 0.4;
    int windows = 5, check = 0;

    for (int i = 1; i < argc; i++) {
        const char *flag = argv[i];
        if (strcmp(flag, "--check") == 0) {
            check = 1;
            continue;
        }
        if (strcmp(flag, "-h") == 0 || strcmp(flag, "--help") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(flag, "--lib") != 0 && strcmp(flag, "--threads") != 0 && strcmp(flag, "--populations") != 0
            && strcmp(flag, "--seconds") != 0 && strcmp(flag, "--windows") != 0) {
            fprintf(stderr, "sgemm_bench: unknown argument '%s'\n", flag);
            usage(stderr);
            return 2;
        }
        if (i + 1 == argc) {
            die("%s wants a value", flag);
        }
        const char *value = argv[++i];
        char *end;
        if (strcmp(flag, "--lib") == 0) {
            lib = value;
        } else if (strcmp(flag, "--threads") == 0) {
            thread_count = parse_list(flag, value, threads);
        } else if (strcmp(flag, "--populations") == 0) {
            population_count = parse_list(flag, value, populations);
        } else if (strcmp(flag, "--seconds") == 0) {
            seconds = strtod(value, &end);
            if (end == value || *end != '\0' || !(seconds > 0.0) || seconds > 3600.0) {
                die("--seconds wants a positive number of seconds, not '%s'", value);
            }
        } else {
            long v = strtol(value, &end, 10);
            if (end == value || *end != '\0' || v < 1 || v > MAX_LIST) {
                die("--windows wants a count from 1 to 64, not '%s'", value);
            }
            windows = (int) v;
        }
    }

    shape_t *shapes;
    int shape_count = read_shapes(&shapes);
    load_library(lib);
    const char *core = corename_p();
    const char *config = config_p();
    const char *coretype = getenv("OPENBLAS_CORETYPE");
    uint64_t rng = 0x9E3779B97F4A7C15ull;
    int failed = 0;

    for (int si = 0; si < shape_count; si++) {
        const shape_t *s = &shapes[si];
        for (int pi = 0; pi < population_count; pi++) {
            members_t w = {s, populations[pi], padded((size_t) (s->m * s->k)), padded((size_t) (s->k * s->n)),
                           padded((size_t) (s->m * s->n)), NULL};
            size_t floats = (size_t) w.population * (w.a_len + w.b_len + w.c_len);
            w.block = aligned_alloc(64, floats * sizeof(float));
            if (w.block == NULL) {
                fprintf(stderr, "sgemm_bench: cannot allocate %.1f MiB for %s at population %d\n",
                        floats * 4.0 / (1 << 20), s->name, w.population);
                exit(2);
            }
            for (size_t i = 0; i < floats; i++) { /* xorshift64: values in [-0.5, 0.5) */
                rng ^= rng << 13;
                rng ^= rng >> 7;
                rng ^= rng << 17;
                w.block[i] = (float) (rng >> 40) / (float) (1 << 24) - 0.5f;
            }
            double flops_per_sweep = 2.0 * (double) s->m * (double) s->n * (double) s->k * w.population;

            for (int ti = 0; ti < thread_count; ti++) {
                set_threads_p(threads[ti]);
                if (get_threads_p != NULL && get_threads_p() != threads[ti]) {
                    fprintf(stderr, "sgemm_bench: asked OpenBLAS for %d threads, it runs %d\n", threads[ti],
                            get_threads_p());
                }
                double start = now_seconds();
                do {
                    sweep(&w);
                } while (now_seconds() - start < WARMUP_SECONDS);

                double gflops[MAX_LIST];
                for (int wi = 0; wi < windows; wi++) {
                    long sweeps = 0;
                    double elapsed;
                    start = now_seconds();
                    do {
                        sweep(&w);
                        sweeps++;
                        elapsed = now_seconds() - start;
                    } while (elapsed < seconds);
                    gflops[wi] = flops_per_sweep * (double) sweeps / elapsed / 1e9;
                }

                printf("{\"shape\":");
                print_json_string(s->name);
                printf(",\"M\":%ld,\"N\":%ld,\"K\":%ld,\"transA\":%d,\"transB\":%d,\"population\":%d,"
                       "\"threads\":%d,\"gflops\":%.4f,\"windows\":[",
                       s->m, s->n, s->k, s->trans_a, s->trans_b, w.population, threads[ti], median(gflops, windows));
                for (int wi = 0; wi < windows; wi++) {
                    printf("%s%.4f", wi ? "," : "", gflops[wi]);
                }
                printf("],\"core\":");
                print_json_string(core);
                printf(",\"config\":");
                print_json_string(config);
                printf(",\"coretype\":");
                print_json_string(coretype);
                printf("}\n");
                fflush(stdout);

                if (check) {
                    double error = check_member0(&w);
                    int ok = error <= CHECK_TOLERANCE;
                    fprintf(stderr, "sgemm_bench: check %s P=%d threads=%d: relative error %.2e %s\n", s->name,
                            w.population, threads[ti], error, ok ? "OK" : "WRONG");
                    failed |= !ok;
                }
            }
            free(w.block);
        }
    }
    free(shapes);
    return failed ? 1 : 0;
}
