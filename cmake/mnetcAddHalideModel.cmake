# mnet_add_halide_model(): a TFLite model as a Halide pipeline, built at build time by mnetc's
# Halide backend and Debian's Halide 14 (libhalide14-0-dev). Part of mnetc's CMake package.
#
#   mnet_add_halide_model(<lib> MODEL <file.tflite>
#                         [TARGET <t>]          mnetc -target (default generic); the Halide
#                                               target is `mnetc -target=<t> --print-halide-target`
#                         [NAME <name>]         the pipeline's function (default <lib> as a C
#                                               identifier)
#                         [THREADS <n>]         parallel bands of rows (Halide's thread pool)
#                         [AUTOSCHEDULER <a>])  Adams2019, Li2018 or Mullapudi2016 instead of
#                                               mnetc's schedule
#
# mnetc writes ${CMAKE_CURRENT_BINARY_DIR}/<lib>/<name>_generator.cpp and its weights; the
# installed halide-build.sh compiles and runs the generator (in processes of its own: libHalide
# links LLVM 14) into <name>.a and <name>.h. <lib> is an INTERFACE library over them: link it,
# #include "<name>.h" and call
#   int <name>(halide_buffer_t* input0, ..., halide_buffer_t* output0);
# with NHWC buffers described innermost dim first (HalideBuffer.h, in /usr/include/halide14).
# An armv8 library is aarch64 code: link it from a cross build.
include_guard(GLOBAL)
include("${CMAKE_CURRENT_LIST_DIR}/mnetcAddModel.cmake") # _mnet_check_model_arguments

function(mnet_add_halide_model lib)
  set(self "mnet_add_halide_model(${lib})")
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "MODEL;TARGET;NAME;THREADS;AUTOSCHEDULER" "")
  _mnet_check_model_arguments("${self}" ${lib}
                              "MODEL, TARGET, NAME, THREADS and AUTOSCHEDULER")
  if(NOT DEFINED MNET_HALIDE_BUILD)
    message(FATAL_ERROR "${self}: MNET_HALIDE_BUILD is not set; call find_package(mnetc) "
                        "in this directory or a parent")
  endif()
  set(flags ${thread_flags})
  set(build_flags "")
  if(DEFINED arg_AUTOSCHEDULER)
    if(NOT arg_AUTOSCHEDULER MATCHES "^(Adams2019|Li2018|Mullapudi2016)$")
      message(FATAL_ERROR "${self}: AUTOSCHEDULER must be Adams2019, Li2018 or Mullapudi2016, "
                          "not '${arg_AUTOSCHEDULER}'")
    endif()
    # Its machine: THREADS threads (default 1) and a 1 MB cache per core.
    set(threads 1)
    if(DEFINED arg_THREADS)
      set(threads ${arg_THREADS})
    endif()
    list(APPEND build_flags --autoscheduler=${arg_AUTOSCHEDULER}
                            --machine-params=${threads},1048576,40)
  endif()

  get_target_property(mnetc mnetc::mnetc IMPORTED_LOCATION)
  execute_process(COMMAND "${mnetc}" -target=${arg_TARGET} --print-halide-target
                  RESULT_VARIABLE status OUTPUT_VARIABLE halide_target
                  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_VARIABLE error
                  ERROR_STRIP_TRAILING_WHITESPACE)
  if(NOT status EQUAL 0)
    message(FATAL_ERROR "${self}: TARGET '${arg_TARGET}': ${error}")
  endif()

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${lib}")
  set(generator "${dir}/${name}_generator.cpp")
  set(weights "${dir}/${name}_generator.weights.f32")
  file(CONFIGURE OUTPUT "${dir}/mnetc-arguments.txt"
       CONTENT "${model} -target=${arg_TARGET} --name=${name} ${flags} ${build_flags}\n")
  add_custom_command(
    OUTPUT "${generator}" "${weights}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${dir}"
    COMMAND mnetc::mnetc "${model}" --emit=halide -target=${arg_TARGET} --name=${name}
            -o "${generator}" --quiet ${flags}
    DEPENDS "${model}" "${mnetc}" "${dir}/mnetc-arguments.txt"
    COMMENT "mnetc: Halide generator of ${arg_MODEL} for ${arg_TARGET} (${lib})"
    VERBATIM)
  add_custom_command(
    OUTPUT "${dir}/${name}.a" "${dir}/${name}.h"
    COMMAND bash "${MNET_HALIDE_BUILD}" "${generator}" "${dir}" --target=${halide_target}
            --weights=${weights} ${build_flags}
    DEPENDS "${generator}" "${weights}" "${MNET_HALIDE_BUILD}"
    COMMENT "Halide 14: building ${name}.a for ${halide_target} (${lib})"
    VERBATIM)
  add_custom_target(${lib}_halide DEPENDS "${dir}/${name}.a" "${dir}/${name}.h")
  find_package(Threads REQUIRED)
  add_library(${lib} INTERFACE)
  add_dependencies(${lib} ${lib}_halide)
  target_include_directories(${lib} INTERFACE "${dir}")
  target_link_libraries(${lib} INTERFACE "${dir}/${name}.a" Threads::Threads ${CMAKE_DL_LIBS})
endfunction()
