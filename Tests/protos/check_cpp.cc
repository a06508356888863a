// Built against the C++ code a stock protoc generated from Protos/ (with -I Protos only) and
// libprotobuf: every file's descriptor is in the generated pool with no dependency outside
// Protos/, every message type serialises and parses back, and a DeliverableRow keeps its
// three kinds of figure. Prints one line; exits non-zero naming what failed.
#include <cstdio>
#include <memory>
#include <set>
#include <string>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/dynamic_message.h>

#include "grpc/health/v1/health.pb.h"
#include "plan/v1/catalogue.pb.h"
#include "plan/v1/metrics.pb.h"
#include "plan/v1/model.pb.h"
#include "plan/wire/v1/wire.pb.h"

namespace {

int failures = 0;

void fail(const std::string& what) {
    std::fprintf(stderr, "c++: %s\n", what.c_str());
    ++failures;
}

int roundTrip(const google::protobuf::Descriptor* type) {
    int count = 1;
    const google::protobuf::Message* prototype =
        google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
    if (prototype == nullptr) {
        fail(type->full_name() + " has no generated class");
        return count;
    }
    std::unique_ptr<google::protobuf::Message> copy(prototype->New());
    if (!copy->ParseFromString(prototype->SerializeAsString())) fail(type->full_name() + " does not parse back");
    for (int i = 0; i < type->nested_type_count(); ++i) count += roundTrip(type->nested_type(i));
    return count;
}

}  // namespace

int main(int argc, char** argv) {
    std::set<std::string> protos(argv + 1, argv + argc);
    const auto* pool = google::protobuf::DescriptorPool::generated_pool();
    int messages = 0;
    for (const std::string& name : protos) {
        const google::protobuf::FileDescriptor* file = pool->FindFileByName(name);
        if (file == nullptr) {
            fail(name + " is not in the generated pool");
            continue;
        }
        for (int i = 0; i < file->dependency_count(); ++i) {
            if (protos.count(file->dependency(i)->name()) == 0)
                fail(name + " imports " + file->dependency(i)->name() + ", which Protos/ does not hold");
        }
        for (int i = 0; i < file->message_type_count(); ++i) messages += roundTrip(file->message_type(i));
    }

    plan::v1::DeliverableRow row;
    row.set_id("20.3.r4");
    row.set_subcategory("议事机构文件");
    row.set_measure(plan::v1::MEASURE_DOCUMENTS);
    row.mutable_planned_2018()->set_number(13300);
    row.mutable_actual_2018()->mutable_dash();
    row.mutable_planned_2019()->mutable_blank();
    plan::v1::DeliverableRow back;
    if (!back.ParseFromString(row.SerializeAsString()) || back.planned_2018().number() != 13300 ||
        !back.actual_2018().has_dash() || !back.planned_2019().has_blank() || back.has_planned_2020() ||
        back.subcategory() != "议事机构文件")
        fail("DeliverableRow round trip gave " + back.ShortDebugString());

    const auto* catalogue = pool->FindServiceByName("plan.v1.Catalogue");
    if (catalogue == nullptr || catalogue->FindMethodByName("GetProgramme") == nullptr ||
        catalogue->FindMethodByName("GetProgramme")->output_type() != plan::v1::Programme::descriptor())
        fail("the plan.v1.Catalogue service descriptor is not as written");

    if (failures > 0) return 1;
    std::printf("c++: %zu protos in the generated pool, %d message types round-tripped (libprotobuf %s)\n",
                protos.size(), messages, google::protobuf::internal::VersionString(GOOGLE_PROTOBUF_VERSION).c_str());
    return 0;
}
