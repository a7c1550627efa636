// The default sentiment model (config/models/sentiment_zh.ftz) as bytes of the
// binary: the assembler's .incbin reads the file named by FBKIT_MODEL_PATH
// (sources.cmake), so a 2 MB model costs no generated source. ccache sees the
// directive and compiles this file afresh every time.
#ifndef FBKIT_MODEL_PATH
#error "FBKIT_MODEL_PATH (the path of the default .ftz model) must be defined"
#endif

__asm__(
    ".section .rodata\n"
    ".global fbkit_builtin_model\n"
    ".balign 16\n"
    "fbkit_builtin_model:\n"
    ".incbin \"" FBKIT_MODEL_PATH
    "\"\n"
    ".global fbkit_builtin_model_end\n"
    "fbkit_builtin_model_end:\n"
    ".byte 0\n"
    ".previous\n");
