# Writes fbkit's man pages and shell completions with the binary itself, from
# the same texts as its --help: cmake -DFBKIT=path/fbkit -DOUT=dir -P this file.
#   OUT/man1/fbkit.1, OUT/man1/fbkit-<command>.1
#   OUT/completions/fbkit.bash, _fbkit (zsh), fbkit.fish
function(fbkit_run out_file)
  execute_process(COMMAND "${FBKIT}" ${ARGN} OUTPUT_FILE "${out_file}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "fbkit ${ARGN} failed (${rc})")
  endif()
endfunction()

file(MAKE_DIRECTORY "${OUT}/man1" "${OUT}/completions")
execute_process(COMMAND "${FBKIT}" --help-man --list OUTPUT_VARIABLE commands RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "fbkit --help-man --list failed (${rc})")
endif()
string(REPLACE "\n" ";" commands "${commands}")
fbkit_run("${OUT}/man1/fbkit.1" --help-man)
foreach(command IN LISTS commands)
  if(command)
    fbkit_run("${OUT}/man1/fbkit-${command}.1" --help-man "${command}")
  endif()
endforeach()
fbkit_run("${OUT}/completions/fbkit.bash" --completion bash)
fbkit_run("${OUT}/completions/_fbkit" --completion zsh)
fbkit_run("${OUT}/completions/fbkit.fish" --completion fish)
