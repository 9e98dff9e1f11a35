# mtlx_warnings(TARGET): the project's warning set. Warnings are errors (MTLX_WERROR) for our
# own code; third-party headers (torch, Qt) come in as system includes and stay quiet.
function(mtlx_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow=local
    -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual)
  if(MTLX_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
  target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS)
  if(MTLX_SANITIZE)
    # AddressSanitizer + UndefinedBehaviorSanitizer (tests/sanitize/: what LibTorch's own code
    # reports is suppressed there, with the reason). GCC's maybe-uninitialized analysis gives
    # false positives on instrumented code (LibTorch's inlined optional<Generator>), so it is off
    # in this build only.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
      -fno-sanitize-recover=undefined -Wno-maybe-uninitialized)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()
