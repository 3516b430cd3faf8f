// How long the core takes to validate the whole form and each field (spec §7: whole form
// ≤ 20 µs median). Inputs are the realistic, fully valid form a user submits — the most
// work, since every rule runs to the end.
#include "abon/form.hpp"

#include <benchmark/benchmark.h>

namespace {

abon::FormInput typical_form() {
    abon::FormInput in;
    in[abon::Field::Surname] = "Петренко-Стельмах";
    in[abon::Field::GivenName] = "Вʼячеслав";
    in[abon::Field::Patronymic] = "Григорович";
    in[abon::Field::Account] = "1-234-56-7";
    in[abon::Field::Password] = in[abon::Field::PasswordConfirm] = "Kobzar1814-poet";
    in[abon::Field::Email] = in[abon::Field::EmailConfirm] = "v.petrenko@ukr.net";
    in[abon::Field::Captcha] = "KXRTA";
    in[abon::Field::LastPayment] = "1 234,56 грн";
    return in;
}

void BM_ValidateForm(benchmark::State& state) {
    const abon::FormInput in = typical_form();
    for (auto _ : state) {
        abon::FormVerdict v = abon::validate_form(in);
        benchmark::DoNotOptimize(v);
    }
}
BENCHMARK(BM_ValidateForm)->Unit(benchmark::kMicrosecond)->Repetitions(10)->ReportAggregatesOnly(true);

void BM_ValidateField(benchmark::State& state) {
    const abon::FormInput in = typical_form();
    const auto field = static_cast<abon::Field>(state.range(0));
    state.SetLabel(std::string(abon::field_id(field)));
    for (auto _ : state) {
        abon::Verdict v = abon::validate_field(field, in);
        benchmark::DoNotOptimize(v);
    }
}
BENCHMARK(BM_ValidateField)->DenseRange(0, static_cast<int>(abon::kFieldCount) - 1)
    ->Unit(benchmark::kMicrosecond)->Repetitions(5)->ReportAggregatesOnly(true);

}  // namespace

BENCHMARK_MAIN();
