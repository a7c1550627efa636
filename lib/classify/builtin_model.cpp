// The built-in sentiment models (config/models/sentiment_zh.ftz, the default,
// and sentiment_food_zh.ftz, food_delivery's) as bytes of the binary: the
// assembler's .incbin reads the files named by FBKIT_MODEL_PATH and
// FBKIT_FOOD_MODEL_PATH (sources.cmake), so a 2 MB model costs no generated
// source. ccache sees the directive and compiles this file afresh every time.
#if !defined(FBKIT_MODEL_PATH) || !defined(FBKIT_FOOD_MODEL_PATH)
#error "FBKIT_MODEL_PATH and FBKIT_FOOD_MODEL_PATH (the paths of the built-in .ftz models) must be defined"
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
    ".global fbkit_food_model\n"
    ".balign 16\n"
    "fbkit_food_model:\n"
    ".incbin \"" FBKIT_FOOD_MODEL_PATH
    "\"\n"
    ".global fbkit_food_model_end\n"
    "fbkit_food_model_end:\n"
    ".byte 0\n"
    ".previous\n");
