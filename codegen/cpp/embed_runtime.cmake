# cmake -DOUTPUT=file.inc -DINPUTS="a.h;b.h" -P embed_runtime.cmake
# Writes the runtime headers, minus their #include and #pragma once lines, as one C++
# string constant that the emitter pastes into generated code.
set(content "")
foreach(input IN LISTS INPUTS)
  file(READ "${input}" text)
  string(REGEX REPLACE "#[ \t]*include[^\n]*\n" "" text "${text}")
  string(REGEX REPLACE "#[ \t]*pragma once[^\n]*\n" "" text "${text}")
  string(REGEX REPLACE ".*/include/" "" name "${input}")
  string(APPEND content "R\"mnetrt(// ---- ${name}\n${text})mnetrt\"\n")
endforeach()
file(WRITE "${OUTPUT}.tmp"
     "// Generated from runtime/include/mnet/kernels by embed_runtime.cmake.\n"
     "static const char kRuntimeSource[] =\n${content};\n")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
