"""Imports the Python code a stock protoc generated from Protos/ (with -I Protos only) and
exercises it with the official protobuf runtime.

    python check_python.py GENERATED_DIR PROTOS_DIR

For every .proto under PROTOS_DIR: its *_pb2 module imports; every file it depends on is one of
Protos/ (nothing from outside, protobuf-c's options included); every message type, nested ones
too, serialises and parses back. Then a DeliverableRow with the three kinds of figure and a
catalogue service descriptor are checked field by field. Exits non-zero naming what failed.
"""

import glob
import importlib.util
import os
import sys


def load(generated_dir, relative_proto):
    """Loads the module generated for a .proto from its file, under a private name.

    grpc/health/v1/health_pb2.py cannot always be imported by its dotted name (an installed
    grpcio package hides a generated grpc/ folder); its descriptors register under the
    .proto's own name either way.
    """
    path = os.path.join(generated_dir, relative_proto[: -len(".proto")] + "_pb2.py")
    name = "protos_anywhere." + relative_proto[: -len(".proto")].replace("/", ".")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def all_messages(descriptor):
    for message in descriptor.message_types_by_name.values():
        yield from nested(message)


def nested(message):
    yield message
    for inner in message.nested_types:
        yield from nested(inner)


def main(generated_dir, protos_dir):
    from google.protobuf import message_factory
    import google.protobuf

    sys.path.insert(0, generated_dir)  # for the generated `from plan.v1 import model_pb2`
    protos = sorted(
        os.path.relpath(path, protos_dir)
        for path in glob.glob(os.path.join(protos_dir, "**", "*.proto"), recursive=True))
    if not protos:
        raise SystemExit("no .proto files under %s" % protos_dir)
    failures = []
    modules = {}
    message_count = 0
    for proto in protos:
        module = load(generated_dir, proto)
        modules[proto] = module
        if module.DESCRIPTOR.name != proto:
            failures.append("%s: descriptor names the file %r" % (proto, module.DESCRIPTOR.name))
        for dependency in module.DESCRIPTOR.dependencies:
            if dependency.name not in protos:
                failures.append("%s imports %s, which Protos/ does not hold"
                                % (proto, dependency.name))
        for message in all_messages(module.DESCRIPTOR):
            cls = message_factory.GetMessageClass(message)
            empty = cls()
            again = cls.FromString(empty.SerializeToString())
            if again != empty:
                failures.append("%s: %s does not parse back" % (proto, message.full_name))
            message_count += 1

    model = modules["plan/v1/model.proto"]
    row = model.DeliverableRow(id="20.3.r4", category=model.CATEGORY_A, subcategory="议事机构文件",
                               measure=model.MEASURE_DOCUMENTS, line=7)
    row.planned_2018.number = 13300
    row.actual_2018.dash.SetInParent()
    row.planned_2019.blank.SetInParent()
    back = model.DeliverableRow.FromString(row.SerializeToString())
    kinds = [back.planned_2018.WhichOneof("value"), back.actual_2018.WhichOneof("value"),
             back.planned_2019.WhichOneof("value"), back.planned_2020.WhichOneof("value")]
    if kinds != ["number", "dash", "blank", None] or back.planned_2018.number != 13300 \
            or back.subcategory != "议事机构文件":
        failures.append("DeliverableRow round trip gave %s" % back)

    catalogue = modules["plan/v1/catalogue.proto"].DESCRIPTOR.services_by_name.get("Catalogue")
    if catalogue is None or catalogue.full_name != "plan.v1.Catalogue" \
            or catalogue.methods_by_name["GetProgramme"].output_type.full_name != "plan.v1.Programme":
        failures.append("the plan.v1.Catalogue service descriptor is not as written")

    if failures:
        for failure in failures:
            print("python: " + failure, file=sys.stderr)
        raise SystemExit(1)
    print("python: %d protos imported, %d message types round-tripped (protobuf %s)"
          % (len(protos), message_count, google.protobuf.__version__))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: check_python.py GENERATED_DIR PROTOS_DIR")
    main(sys.argv[1], sys.argv[2])
