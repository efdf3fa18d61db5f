#!/bin/sh
# Rebuilds the TensorFlow Lite digits models (models/digits/*.tflite) from the ONNX files beside
# them with edgeenergy's own converter (edgeenergy-tflite test sources: io.edgeenergy.tflite.tools).
# Run from the repository root. Deterministic: DigitsBothFormatsTest checks the committed files
# are byte-identical to what this builds. Builds nothing into ~/.m2.
set -eu
cp_file="$PWD/edgeenergy-tflite/target/tflite-tools.classpath"
mvn -B -q -pl edgeenergy-tflite -am test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file"
java -cp "edgeenergy-tflite/target/test-classes:edgeenergy-tflite/target/classes:$(cat "$cp_file")" \
  io.edgeenergy.tflite.tools.DigitsTflite models/digits
