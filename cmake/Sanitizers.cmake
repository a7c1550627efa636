# FBKIT_SANITIZE=ON: every target of this build gets ASan + UBSan, and any
# undefined behaviour aborts the test that triggered it.
if(FBKIT_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-sanitize-recover=undefined
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined)
endif()
