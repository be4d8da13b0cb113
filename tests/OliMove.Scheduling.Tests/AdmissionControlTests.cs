using static OliMove.Scheduling.Tests.Groups;

namespace OliMove.Scheduling.Tests;

public class AdmissionControlTests
{
    [Fact]
    public void Accepts_the_EDF_counter_example_because_a_schedule_exists()
    {
        var group = Group(3, [Root(3, 2000)], [Session("A", maxW: 2000, needWh: 2000, departSlot: 2)]);

        AdmissionControl.Evaluate(group, Session("B", maxW: 1000, needWh: 3000, departSlot: 3)).Accepted.Should().BeTrue();
    }

    [Fact]
    public void Refuses_with_the_most_energy_by_that_departure_and_the_earliest_departure_for_the_energy()
    {
        // 2 kW guaranteed for 6 h; A holds 2 kWh by slot 2. B wants 5 kWh by slot 3 at 2 kW: by slot 3 the group
        // has 6 kWh, A takes 2, so B can have 4 kWh; its 5 kWh fit by slot 4 (8 kWh − 2 kWh for A ≥ 5).
        var group = Group(6, [Root(6, 2000)], [Session("A", maxW: 2000, needWh: 2000, departSlot: 2)]);

        var decision = AdmissionControl.Evaluate(group, Session("B", maxW: 2000, needWh: 5000, departSlot: 3));

        decision.Accepted.Should().BeFalse();
        decision.MaxEnergyWhByDeparture.Should().Be(4000);
        decision.EarliestDepartureForEnergy.Should().Be(Start.AddHours(4));
    }

    [Fact]
    public void Counts_only_guaranteed_capacity_never_PV_surplus()
    {
        var group = Group(2, [Root(2, 1000, surplusW: 10_000)], []);

        var decision = AdmissionControl.Evaluate(group, Session("A", maxW: 7000, needWh: 4000, departSlot: 2));

        decision.Accepted.Should().BeFalse();
        decision.MaxEnergyWhByDeparture.Should().Be(2000);
        decision.EarliestDepartureForEnergy.Should().BeNull();
    }

    [Fact]
    public void Accounts_for_the_minimum_current()
    {
        // 2000 W guaranteed in one slot; two EVs with a 1380 W minimum cannot both run, although 2 × 1000 W would fit.
        var group = Group(1, [Root(1, 2000)], [Session("A", maxW: 7000, minW: 1380, needWh: 1000, departSlot: 1)]);

        var decision = AdmissionControl.Evaluate(group, Session("B", maxW: 7000, minW: 1380, needWh: 1000, departSlot: 1));

        decision.Accepted.Should().BeFalse();
        decision.MaxEnergyWhByDeparture.Should().Be(0);
    }

    [Fact]
    public void Refuses_a_departure_that_has_already_passed()
    {
        var group = Group(2, [Root(2, 5000)], []);

        AdmissionControl.Evaluate(group, Session("A", maxW: 2000, needWh: 100, departSlot: 0)).Accepted.Should().BeFalse();
    }
}
