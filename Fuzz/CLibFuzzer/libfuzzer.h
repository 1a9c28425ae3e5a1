// libFuzzer's driver, for a program that has its own `main` (the Swift executable's):
// it parses libFuzzer's flags from argv and calls `callback` once per input.
// `-sanitize=fuzzer` links the library; this header only declares its entry.
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
