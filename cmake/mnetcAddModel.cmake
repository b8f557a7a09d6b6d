# mnet_add_model(): a TFLite model as a static library, compiled by mnetc at build time.
# Part of mnetc's CMake package (find_package(mnetc) includes it; cmake/install.cmake installs it).
#
#   mnet_add_model(<lib> MODEL <file.tflite>
#                  [TARGET <t>]            mnetc -target (default generic; mnetc --list-targets)
#                  [NAME <prefix>]         symbol and file prefix (default <lib> as a C identifier)
#                  [THREADS <n>]           mnetc --num-threads=n: <prefix>_run_parallel splits
#                                          heavy layers into n tasks for your parallel-for
#                  [WEIGHTS <spec>]        mnetc --weights=<spec>, e.g. f16 or f16,separate
#                  [OPTIONS <args>...])    any other mnetc arguments, e.g. --ram-budget=65536
#
# writes ${CMAKE_CURRENT_BINARY_DIR}/<lib>/<prefix>.cc and <prefix>.h whenever the model or mnetc
# changes, and builds them as the static library <lib>: link it and #include "<prefix>.h"
# (C or C++; the code needs only libc and libm, but CMake links any program that uses a static
# library with C++ sources with the C++ runtime too).
#
# With WEIGHTS containing `separate`, mnetc also writes <prefix>.weights, the blob the program
# must ship with; the target property MNET_WEIGHTS_FILE on <lib> holds its path:
#
#   add_custom_command(TARGET app POST_BUILD COMMAND ${CMAKE_COMMAND} -E copy
#                      $<TARGET_PROPERTY:mobilenet,MNET_WEIGHTS_FILE> $<TARGET_FILE_DIR:app>)

include_guard(GLOBAL)

# The arguments mnet_add_model() and mnet_add_halide_model() share, checked in the caller's
# cmake_parse_arguments results (arg_*): no unknown argument (`keywords` lists the known),
# MODEL given and present, a free target name, a C identifier NAME, a positive THREADS. Sets
# in the caller: model (absolute path), name (NAME or <lib> as a C identifier), arg_TARGET
# (default generic) and thread_flags (--num-threads=N or nothing).
function(_mnet_check_model_arguments self lib keywords)
  if(arg_UNPARSED_ARGUMENTS)
    list(JOIN arg_UNPARSED_ARGUMENTS " " unknown)
    message(FATAL_ERROR "${self}: unknown arguments '${unknown}' (it takes ${keywords})")
  endif()
  if(NOT DEFINED arg_MODEL OR arg_MODEL STREQUAL "")
    message(FATAL_ERROR "${self}: MODEL <file.tflite> is required")
  endif()
  # An empty OPTIONS (from an empty variable) is fine; any other keyword needs its value.
  set(missing ${arg_KEYWORDS_MISSING_VALUES})
  list(REMOVE_ITEM missing OPTIONS)
  if(missing)
    message(FATAL_ERROR "${self}: no value after ${missing}")
  endif()
  if(TARGET ${lib})
    message(FATAL_ERROR "${self}: a target named '${lib}' already exists")
  endif()
  if(NOT TARGET mnetc::mnetc)
    message(FATAL_ERROR "${self}: mnetc::mnetc is not defined here; call find_package(mnetc) "
                        "in this directory or a parent")
  endif()
  cmake_path(ABSOLUTE_PATH arg_MODEL BASE_DIRECTORY "${CMAKE_CURRENT_SOURCE_DIR}" NORMALIZE
             OUTPUT_VARIABLE model)
  get_source_file_property(model_generated "${model}" GENERATED)
  if(NOT EXISTS "${model}" AND NOT model_generated)
    message(FATAL_ERROR "${self}: MODEL '${model}' does not exist")
  endif()
  # mnetc would silently turn a bad name into another one, and its function would not exist.
  if(DEFINED arg_NAME)
    string(MAKE_C_IDENTIFIER "${arg_NAME}" name)
    if(NOT name STREQUAL arg_NAME)
      message(FATAL_ERROR "${self}: NAME '${arg_NAME}' is not a C identifier")
    endif()
  else()
    string(MAKE_C_IDENTIFIER "${lib}" name)
  endif()
  set(thread_flags "")
  if(DEFINED arg_THREADS)
    if(NOT arg_THREADS MATCHES "^[1-9][0-9]*$")
      message(FATAL_ERROR "${self}: THREADS must be a positive integer, not '${arg_THREADS}'")
    endif()
    set(thread_flags --num-threads=${arg_THREADS})
  endif()
  if(NOT DEFINED arg_TARGET)
    set(arg_TARGET generic PARENT_SCOPE)
  endif()
  set(model "${model}" PARENT_SCOPE)
  set(name "${name}" PARENT_SCOPE)
  set(thread_flags "${thread_flags}" PARENT_SCOPE)
endfunction()

function(mnet_add_model lib)
  set(self "mnet_add_model(${lib})")
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "MODEL;TARGET;NAME;THREADS;WEIGHTS" "OPTIONS")
  _mnet_check_model_arguments("${self}" ${lib}
                              "MODEL, TARGET, NAME, THREADS, WEIGHTS and OPTIONS")
  # The generated code is C++ even when the application is C.
  get_property(languages GLOBAL PROPERTY ENABLED_LANGUAGES)
  if(NOT "CXX" IN_LIST languages)
    message(FATAL_ERROR "${self}: the generated code is C++17: enable CXX, e.g. project(app C CXX)")
  endif()

  set(flags ${thread_flags})
  if(DEFINED arg_WEIGHTS)
    list(APPEND flags --weights=${arg_WEIGHTS})
  endif()
  # These decide the outputs' names and the flags below, which this function owns.
  foreach(option IN LISTS arg_OPTIONS)
    if(option MATCHES "^(-o|--?name|--?target|--?emit|--?num-threads|--?weights)([= ]|$)")
      message(FATAL_ERROR "${self}: OPTIONS may not contain '${option}': mnet_add_model sets "
                          "it (the outputs, or its keywords TARGET, NAME, THREADS, WEIGHTS)")
    endif()
  endforeach()

  get_target_property(mnetc mnetc::mnetc IMPORTED_LOCATION)

  # The flags the target's code must be compiled with (-march=...), from mnetc itself so that
  # they always match the code it writes; asked once per target and configure run.
  get_property(have_cxxflags GLOBAL PROPERTY MNET_CXXFLAGS_${arg_TARGET} SET)
  if(have_cxxflags)
    get_property(target_cxxflags GLOBAL PROPERTY MNET_CXXFLAGS_${arg_TARGET})
  else()
    execute_process(COMMAND "${mnetc}" -target=${arg_TARGET} --print-cxxflags
                    RESULT_VARIABLE status
                    OUTPUT_VARIABLE target_cxxflags OUTPUT_STRIP_TRAILING_WHITESPACE
                    ERROR_VARIABLE error ERROR_STRIP_TRAILING_WHITESPACE)
    if(NOT status EQUAL 0)
      if(error STREQUAL "")
        set(error "exit status ${status}")
      endif()
      message(FATAL_ERROR "${self}: TARGET '${arg_TARGET}': "
                          "`mnetc -target=${arg_TARGET} --print-cxxflags` failed:\n${error}")
    endif()
    separate_arguments(target_cxxflags UNIX_COMMAND "${target_cxxflags}")
    set_property(GLOBAL PROPERTY MNET_CXXFLAGS_${arg_TARGET} "${target_cxxflags}")
  endif()

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/${lib}")
  set(outputs "${dir}/${name}.cc" "${dir}/${name}.h")
  if(arg_WEIGHTS MATCHES "separate")
    list(APPEND outputs "${dir}/${name}.weights")
  endif()
  # The arguments in a file that changes only when they do: a changed TARGET, THREADS, WEIGHTS
  # or OPTIONS reruns mnetc under every generator (Makefiles do not track command lines).
  set(arguments "${model}" -target=${arg_TARGET} --name=${name} ${flags} ${arg_OPTIONS})
  file(CONFIGURE OUTPUT "${dir}/mnetc-arguments.txt" CONTENT "${arguments}\n")
  add_custom_command(
    OUTPUT ${outputs}
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${dir}"
    COMMAND mnetc::mnetc "${model}" -target=${arg_TARGET} -o "${dir}/${name}.cc"
            --name=${name} --quiet ${flags} ${arg_OPTIONS}
    DEPENDS "${model}" "${mnetc}" "${dir}/mnetc-arguments.txt"
    COMMENT "mnetc: compiling ${arg_MODEL} for ${arg_TARGET} (${lib})"
    VERBATIM)

  add_library(${lib} STATIC "${dir}/${name}.cc" "${dir}/${name}.h")
  target_include_directories(${lib} PUBLIC "${dir}")
  set_target_properties(${lib} PROPERTIES
    CXX_STANDARD 17 CXX_STANDARD_REQUIRED ON CXX_EXTENSIONS OFF)
  # -O2 whatever the build type: the code is generated, not debugged, and is tested at -O2;
  # at -O0 (a Debug build) MobileNetV3-Small runs 15 times slower.
  target_compile_options(${lib} PRIVATE -O2 ${target_cxxflags})
  if(arg_WEIGHTS MATCHES "separate")
    set_target_properties(${lib} PROPERTIES MNET_WEIGHTS_FILE "${dir}/${name}.weights")
  endif()
endfunction()
