using OliMove.Edge.Prices;

namespace OliMove.Edge.Tests.Prices;

/// <summary>Energy priced slot by slot: a plan at its prices, the same energy at once, and register readings cut into slots.</summary>
public class SlotPricedEnergyTests
{
    [Fact]
    public void A_plan_costs_its_energy_at_each_slots_price()
    {
        // 4 kW for a quarter (1 kWh) at 0.0869, and 8 kW for a quarter (2 kWh) at 0.06087 per kWh.
        SlotPricedEnergy.CostMicros([4000, 0, 8000], 900, [86_900, 74_920, 60_870]).Should().Be(86_900 + (2 * 60_870));
    }

    [Fact]
    public void At_once_is_the_same_energy_from_the_first_slot_at_the_sessions_max()
    {
        var atOnce = SlotPricedEnergy.AtOnce([0, 0, 4000, 4000, 3000], 7000);

        atOnce.Should().Equal(7000, 4000, 0, 0, 0);
        atOnce.Sum().Should().Be(11_000);
    }

    [Fact]
    public void Register_rises_are_spread_over_time_and_cut_at_slot_boundaries()
    {
        var t0 = new DateTimeOffset(2026, 3, 2, 10, 10, 0, TimeSpan.Zero);
        var perSlot = SlotPricedEnergy.EnergyPerSlot([(t0, 1000), (t0.AddMinutes(10), 2000), (t0.AddMinutes(20), 1500), (t0.AddMinutes(25), 1800)], 900);

        // 10:10-10:20 rises 1000 Wh: 500 in the 10:00 slot, 500 in the 10:15 slot; the fall (a reset) counts nothing;
        // 10:30-10:35 rises 300 Wh, all in the 10:30 slot.
        perSlot[t0.AddMinutes(-10)].Should().BeApproximately(500, 1e-9);
        perSlot[t0.AddMinutes(5)].Should().BeApproximately(500, 1e-9);
        perSlot[t0.AddMinutes(20)].Should().BeApproximately(300, 1e-9);
        perSlot.Should().HaveCount(3);
    }
}
