/* Baseline for the QRImage benchmarks: libqrencode alone, byte mode, EC M, on the same
 * 183-character dynamic QRIS, single thread. Prints encodes per second of CPU time.
 * Build and run: Benchmarks/qrimage/run-baseline.sh [iterations [runs]] */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *payload =
    "00020101021226390015ID.CO.BPDMALUKU0116936001310000123451440014ID.CO.QRIS.WWW0215ID1022161397420"
    "0303UMI520475235303360540450005802ID5912PARKIR AMBON6005AMBON62140110AMB2611231630413BB";

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
    const int iterations = argc > 1 ? atoi(argv[1]) : 5000;
    const int runs = argc > 2 ? atoi(argv[2]) : 5;
    int length = (int)strlen(payload);
    double best = 0;
    for (int run = 0; run < runs; run++) {
        double start = cpu_seconds();
        for (int i = 0; i < iterations; i++) {
            QRcode *code = QRcode_encodeData(length, (const unsigned char *)payload, 0, QR_ECLEVEL_M);
            if (code == NULL) return 1;
            if (i == 0 && run == 0) printf("version %d, width %d\n", code->version, code->width);
            QRcode_free(code);
        }
        double rate = iterations / (cpu_seconds() - start);
        if (rate > best) best = rate;
    }
    printf("libqrencode QRcode_encodeData, EC M: %.0f encodes per CPU second (best of %d x %d)\n", best, runs, iterations);
    return 0;
}
