# cmake -DOUTPUT=file.inc -DINPUTS="a.h;b.h" [-DVARIABLE=name] [-DWHOLE=ON] -P embed_runtime.cmake
# Writes the runtime headers, minus their #include and #pragma once lines (unless WHOLE), as
# one C++ string constant (VARIABLE, default kRuntimeSource) that the emitter pastes into
# generated code.
if(NOT VARIABLE)
  set(VARIABLE kRuntimeSource)
endif()
set(content "")
foreach(input IN LISTS INPUTS)
  file(READ "${input}" text)
  if(NOT WHOLE)
    string(REGEX REPLACE "#[ \t]*include[^\n]*\n" "" text "${text}")
    string(REGEX REPLACE "#[ \t]*pragma once[^\n]*\n" "" text "${text}")
  endif()
  string(REGEX REPLACE ".*/include/" "" name "${input}")
  string(APPEND content "R\"mnetrt(// ---- ${name}\n${text})mnetrt\"\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
     "// Generated from runtime/include/mnet/kernels by embed_runtime.cmake.\n"
     "static const char ${VARIABLE}[] =\n${content};\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
