namespace OliMove.Scheduling.Tests;

/// <summary>Best effort placed by price, CO₂ and demand charge (decision 0272); the signals' canonical form.</summary>
public class PriceSignalTests
{
    private static EnergySignals Prices(long[] micros, long demandMicrosPerKW = 0, long peakSoFarW = 0) =>
        new(PlacementObjective.Cost, micros, null, null, demandMicrosPerKW, peakSoFarW);

    [Fact]
    public void Places_best_effort_energy_in_the_cheapest_slots()
    {
        // 4 one-hour slots, 10 kWh wanted at up to 5 kW: the two cheap hours (slots 1 and 3) are enough.
        var g = Groups.Group(4, [Groups.Root(4, 20_000)], [Groups.Session("a", 5000, 10_000, 4, accepted: false)]);
        var plan = SlotAllocator.Plan(g with { Signals = Prices([87_000, 61_000, 75_000, 61_000]) });

        plan.Sessions.Single().PowerW.Should().Equal(0, 5000, 0, 5000);
        SlotAllocator.Plan(g).Sessions.Single().PowerW.Should().Equal([5000L, 5000, 0, 0], "without signals it charges at once");
    }

    [Fact]
    public void Earlier_is_taken_when_it_costs_the_same()
    {
        var g = Groups.Group(4, [Groups.Root(4, 20_000)], [Groups.Session("a", 5000, 10_000, 4, accepted: false)]);
        var plan = SlotAllocator.Plan(g with { Signals = Prices([61_000, 61_000, 61_000, 87_000]) });

        plan.Sessions.Single().PowerW.Should().Equal(5000, 5000, 0, 0);
    }

    [Fact]
    public void A_demand_charge_spreads_best_effort_to_the_lowest_peak_that_still_plans_it_all()
    {
        // Two EVs, 8 kWh each by slot 4, 8 kW max each: as soon as possible peaks at 16 kW, 4 kW each all along suffices.
        var sessions = new[] { Groups.Session("a", 8000, 8000, 4, accepted: false), Groups.Session("b", 8000, 8000, 4, accepted: false) };
        var g = Groups.Group(4, [Groups.Root(4, 20_000)], sessions);
        var plan = SlotAllocator.Plan(g with { Signals = Prices([60_000, 60_000, 60_000, 60_000], demandMicrosPerKW: 15_510_000) });

        plan.Circuits.Single().LoadW.Max().Should().Be(4000, "the cap is the lowest that plans it all, to the power step");
        plan.Sessions.Sum(s => s.PlannedWh).Should().Be(16_000, "the cap never costs energy");
        SlotAllocator.Plan(g).Circuits.Single().LoadW.Max().Should().Be(16_000);
    }

    [Fact]
    public void The_peak_so_far_is_free_to_use_again()
    {
        var sessions = new[] { Groups.Session("a", 8000, 8000, 4, accepted: false), Groups.Session("b", 8000, 8000, 4, accepted: false) };
        var g = Groups.Group(4, [Groups.Root(4, 20_000)], sessions);
        var plan = SlotAllocator.Plan(g with { Signals = Prices([60_000, 60_000, 60_000, 60_000], demandMicrosPerKW: 15_510_000, peakSoFarW: 8000) });

        plan.Circuits.Single().LoadW.Should().Equal(8000, 8000, 0, 0);
    }

    [Fact]
    public void A_group_that_runs_at_its_limit_plans_energy_first_as_without_signals()
    {
        var g = Groups.Group(4, [Groups.Root(4, 10_000)], [Groups.Session("a", 5000, 10_000, 4, accepted: false)]);
        var atLimit = g with { Signals = Prices([87_000, 61_000, 75_000, 61_000], demandMicrosPerKW: 15_510_000, peakSoFarW: 9600) };

        CanonicalJson.Plan(SlotAllocator.Plan(atLimit)).Should().Be(CanonicalJson.Plan(SlotAllocator.Plan(g)));
    }

    [Fact]
    public void The_lowest_cap_is_found_to_the_power_step_where_windows_differ()
    {
        // 15-minute slots (4 W steps). "a" must take 6 kWh in the first hour, "b" 6 kWh in two hours: 6 kW in the first
        // hour for "a" alone, and 12 kWh in two hours is 6 kW too, so 6 kW is the lowest cap (the old bisection in
        // 100 W steps could stop up to 100 W above it).
        var sessions = new[] { Groups.Session("a", 11_000, 6000, 4, slotSeconds: 900, accepted: false), Groups.Session("b", 11_000, 6000, 8, slotSeconds: 900, accepted: false) };
        var g = Groups.Group(8, [Groups.Root(8, 40_000)], sessions, slotSeconds: 900);
        var plan = SlotAllocator.Plan(g with { Signals = Prices(Enumerable.Repeat(60_000L, 8).ToArray(), demandMicrosPerKW: 15_510_000) });

        plan.Sessions.Sum(s => s.PlannedWh).Should().Be(12_000, "the cap never costs energy");
        plan.Circuits.Single().LoadW.Max().Should().Be(6000, "12 kWh over eight quarters is 6 kW, and 'a' alone needs 6 kW in its four");
    }

    [Fact]
    public void Best_effort_is_not_deferred_below_the_peak_expected_from_history()
    {
        // Last month peaked at 8 kW: drawing up to 8 kW now costs nothing more this month, so it charges at once up to it.
        var sessions = new[] { Groups.Session("a", 8000, 8000, 4, accepted: false), Groups.Session("b", 8000, 8000, 4, accepted: false) };
        var g = Groups.Group(4, [Groups.Root(4, 20_000)], sessions);
        var signals = Prices([60_000, 60_000, 60_000, 60_000], demandMicrosPerKW: 15_510_000) with { ExpectedPeakW = 8000 };

        SlotAllocator.Plan(g with { Signals = signals }).Circuits.Single().LoadW.Should().Equal(8000, 8000, 0, 0);
    }

    [Fact]
    public void A_group_expected_at_its_limit_plans_energy_first_from_the_first_day()
    {
        // No peak yet this month, but last month's reached the limit: nothing is deferred (decision 0320).
        var g = Groups.Group(4, [Groups.Root(4, 10_000)], [Groups.Session("a", 5000, 10_000, 4, accepted: false)]);
        var expected = g with { Signals = Prices([87_000, 61_000, 75_000, 61_000], demandMicrosPerKW: 15_510_000) with { ExpectedPeakW = 9600 } };

        CanonicalJson.Plan(SlotAllocator.Plan(expected)).Should().Be(CanonicalJson.Plan(SlotAllocator.Plan(g)));
    }

    [Fact]
    public void The_expected_peak_is_hashed_only_when_given()
    {
        var g = Groups.Group(4, [Groups.Root(4, 10_000)], [Groups.Session("a", 5000, 10_000, 4, accepted: false)]);
        var without = g with { Signals = Prices([87_000, 61_000, 75_000, 61_000], demandMicrosPerKW: 15_510_000) };
        var with = without with { Signals = without.Signals! with { ExpectedPeakW = 9600 } };

        CanonicalJson.Snapshot(without).Should().NotContain("expectedPeakW", "signals without a forecast keep the bytes they had");
        SnapshotJsonReader.Read(CanonicalJson.Snapshot(with)).Signals!.ExpectedPeakW.Should().Be(9600);
    }

    [Fact]
    public void Co2_objective_charges_in_the_cleanest_slots()
    {
        var g = Groups.Group(3, [Groups.Root(3, 20_000)], [Groups.Session("a", 5000, 5000, 3, accepted: false)]);
        var signals = new EnergySignals(PlacementObjective.Co2, [60_000, 60_000, 60_000], null, [400, 380, 120], 15_510_000, 0);

        SlotAllocator.Plan(g with { Signals = signals }).Sessions.Single().PowerW.Should().Equal(0, 0, 5000);
    }

    [Fact]
    public void PV_surplus_comes_before_the_cheapest_grid_slot()
    {
        var root = new CircuitSnapshot("root", null, [20_000, 20_000, 20_000], [0, 0, 5000]);
        var g = Groups.Group(3, [root], [Groups.Session("a", 5000, 5000, 3, accepted: false)]);

        SlotAllocator.Plan(g with { Signals = Prices([87_000, 61_000, 87_000]) }).Sessions.Single().PowerW.Should().Equal(0, 0, 5000);
    }

    [Fact]
    public void A_dynamic_import_price_below_the_feed_in_price_is_taken_before_PV_surplus()
    {
        // 5 kWh wanted; PV surplus at slot 2 earns 0.08 fed in, the grid at slot 1 costs 0.05: charging from the grid
        // and exporting the PV is 0.03 per kWh cheaper than taking the PV.
        var root = new CircuitSnapshot("root", null, [20_000, 20_000, 20_000], [0, 0, 5000]);
        var g = Groups.Group(3, [root], [Groups.Session("a", 5000, 5000, 3, accepted: false)]);
        var feedIn = new EnergySignals(PlacementObjective.Cost, [87_000, 50_000, 87_000], [80_000, 80_000, 80_000], null, 0, 0);

        SlotAllocator.Plan(g with { Signals = feedIn }).Sessions.Single().PowerW.Should().Equal(0, 5000, 0);
        SlotAllocator.Plan(g with { Signals = feedIn with { FeedInPriceMicrosPerKWh = null } }).Sessions.Single().PowerW
            .Should().Equal([0L, 0, 5000], "without a feed-in price PV surplus counts as free");
    }

    [Fact]
    public void PV_surplus_whose_export_earns_less_than_any_import_price_still_comes_first()
    {
        var root = new CircuitSnapshot("root", null, [20_000, 20_000, 20_000], [0, 0, 5000]);
        var g = Groups.Group(3, [root], [Groups.Session("a", 5000, 5000, 3, accepted: false)]);
        var feedIn = new EnergySignals(PlacementObjective.Cost, [87_000, 61_000, 87_000], [8_000, 8_000, 8_000], null, 0, 0);

        SlotAllocator.Plan(g with { Signals = feedIn }).Sessions.Single().PowerW.Should().Equal(0, 0, 5000);
    }

    [Fact]
    public void With_flat_prices_a_feed_in_price_above_the_import_price_moves_charging_off_the_PV()
    {
        // Flat import 0.06, PV export earns 0.07 at slot 0: the grid at slot 1 is cheaper than giving up the export.
        var root = new CircuitSnapshot("root", null, [20_000, 20_000], [5000, 0]);
        var g = Groups.Group(2, [root], [Groups.Session("a", 5000, 5000, 2, accepted: false)]);
        var feedIn = new EnergySignals(PlacementObjective.Cost, [60_000, 60_000], [70_000, 70_000], null, 0, 0);

        SlotAllocator.Plan(g with { Signals = feedIn }).Sessions.Single().PowerW.Should().Equal(0, 5000);
        SlotAllocator.Plan(g).Sessions.Single().PowerW.Should().Equal([5000L, 0], "without signals PV comes first");
    }

    [Fact]
    public void An_accepted_request_keeps_its_must_run_power_under_a_demand_charge()
    {
        // 9 kWh by slot 3 at up to 3 kW: every slot must run at 3 kW, whatever the peak so far.
        var g = Groups.Group(3, [Groups.Root(3, 10_000)], [Groups.Session("a", 3000, 9000, 3)]);
        var plan = SlotAllocator.Plan(g with { Signals = Prices([87_000, 61_000, 61_000], demandMicrosPerKW: 15_510_000) });

        plan.Sessions.Single().PowerW.Should().Equal(3000, 3000, 3000);
        plan.Sessions.Single().Status.Should().Be(SessionStatus.OnTrack);
    }

    [Fact]
    public void Signals_are_part_of_the_canonical_snapshot_and_read_back()
    {
        var g = Groups.Group(2, [Groups.Root(2, 10_000)], [Groups.Session("a", 3000, 3000, 2)]);
        var withSignals = g with { Signals = new EnergySignals(PlacementObjective.Cost, [61_000, 87_000], [30_000, 30_000], null, 15_510_000, 4200) };

        string json = CanonicalJson.Snapshot(withSignals);
        json.Should().EndWith("\"signals\":{\"objective\":\"cost\",\"importPriceMicrosPerKWh\":[61000,87000],\"feedInPriceMicrosPerKWh\":[30000,30000],\"co2GramsPerKWh\":null,\"demandChargeMicrosPerKW\":15510000,\"peakSoFarW\":4200}}");
        CanonicalJson.Snapshot(SnapshotJsonReader.Read(json)).Should().Be(json);
        CanonicalJson.SnapshotHash(withSignals).Should().NotBe(CanonicalJson.SnapshotHash(g));
        CanonicalJson.Snapshot(g).Should().NotContain("signals", "a snapshot without signals keeps the bytes it always had");
    }

    [Theory]
    [InlineData("\"objective\":\"money\",\"importPriceMicrosPerKWh\":[61000,87000]", "$.signals.objective: expected \"cost\" or \"co2\"")]
    [InlineData("\"objective\":\"cost\",\"importPriceMicrosPerKWh\":[61000]", "signals.importPriceMicrosPerKWh has 1 values; horizonSlots is 2")]
    [InlineData("\"objective\":\"cost\",\"importPriceMicrosPerKWh\":[61000,-1]", "signals.importPriceMicrosPerKWh[1] must be in 0..10000000, got -1")]
    [InlineData("\"objective\":\"cost\",\"importPriceMicrosPerKWh\":null", "signals.objective is cost but signals.importPriceMicrosPerKWh is missing")]
    [InlineData("\"objective\":\"co2\",\"importPriceMicrosPerKWh\":[1,2]", "signals.objective is co2 but signals.co2GramsPerKWh is missing")]
    public void Bad_signals_in_a_snapshot_are_refused_with_what_is_wrong(string objectiveAndPrices, string message)
    {
        var g = Groups.Group(2, [Groups.Root(2, 10_000)], [Groups.Session("a", 3000, 3000, 2)]);
        string json = CanonicalJson.Snapshot(g);
        string bad = json[..^1] + ",\"signals\":{" + objectiveAndPrices + ",\"demandChargeMicrosPerKW\":0,\"peakSoFarW\":0}}";

        var read = () => SnapshotJsonReader.Read(bad);

        read.Should().Throw<SnapshotFormatException>().WithMessage("*" + message + "*");
    }
}
