using OliMove.Scheduling.Batteries;

namespace OliMove.Scheduling.Tests;

/// <summary>The batteries in the canonical snapshot and plan (decision 0310): hashed, archived and replayed.</summary>
public class BatterySnapshotFormTests
{
    private static GroupSnapshot WithBattery(long storedWh = 20_000, long reserveWh = 5_000, long capacityWh = 50_000)
    {
        var group = Groups.Group(2, [Groups.Root(2, 10_000)], [Groups.Session("a", 22_000, 15_000, 1, accepted: false)]);
        return group with { Batteries = [new BatterySnapshot("bat", "root", storedWh, reserveWh, capacityWh, 10_000, 10_000)] };
    }

    [Fact]
    public void A_snapshot_without_batteries_keeps_its_bytes_and_is_planned_by_the_allocator_alone()
    {
        var snapshot = Groups.Group(3, [Groups.Root(3, 10_000, 2_000)], [Groups.Session("a", 7_000, 15_000, 3)]);

        CanonicalJson.Snapshot(snapshot with { Batteries = [] }).Should().Be(CanonicalJson.Snapshot(snapshot)).And.NotContain("batteries");
        CanonicalJson.PlanHash(BatteryAllocator.Plan(snapshot)).Should().Be(CanonicalJson.PlanHash(SlotAllocator.Plan(snapshot)));
        BatteryAllocator.Plan(snapshot).Batteries.Should().BeNull();
    }

    [Fact]
    public void A_battery_is_in_the_canonical_snapshot_and_reads_back_to_the_same_hash()
    {
        var snapshot = WithBattery();

        var json = CanonicalJson.Snapshot(snapshot);

        json.Should().EndWith(",\"batteries\":[{\"batteryId\":\"bat\",\"circuitId\":\"root\",\"storedWh\":20000,\"reserveWh\":5000,\"capacityWh\":50000,\"maxChargeW\":10000,\"maxDischargeW\":10000,\"mayChargeFromGrid\":false}]}");
        CanonicalJson.SnapshotHash(SnapshotJsonReader.Read(json)).Should().Be(CanonicalJson.SnapshotHash(snapshot));
        CanonicalJson.SnapshotHash(snapshot with { Batteries = [snapshot.Batteries![0] with { StoredWh = 19_999 }] })
            .Should().NotBe(CanonicalJson.SnapshotHash(snapshot), "the battery's state is part of what the hash commits to");
    }

    [Fact]
    public void The_plan_carries_the_batteries_power_and_replays_from_the_archived_input()
    {
        var snapshot = WithBattery();

        var plan = BatteryAllocator.Plan(snapshot);

        plan.Batteries!.Single().SetpointW.Should().Be(-5_000, "the car takes 15 kW of a 10 kW cabinet now");
        plan.Sessions.Single().PowerW[0].Should().Be(15_000);
        CanonicalJson.Plan(plan).Should().Contain("\"batteries\":[{\"batteryId\":\"bat\",\"setpointW\":-5000,\"powerW\":[-5000,");
        CanonicalJson.Plan(BatteryAllocator.Plan(SnapshotJsonReader.Read(CanonicalJson.Snapshot(snapshot)))).Should().Be(CanonicalJson.Plan(plan));
    }

    [Fact]
    public void Admission_counts_only_the_energy_above_the_reserve()
    {
        var snapshot = WithBattery(storedWh: 6_000, reserveWh: 5_000);

        var guaranteed = BatteryAllocator.GuaranteedSnapshot(snapshot);

        guaranteed.Batteries.Should().BeNull();
        guaranteed.Circuits.Single().GuaranteedW.Should().Equal([11_000, 10_000], "1 kWh above the reserve is 1 kW for an hour-long slot, then nothing");
    }

    [Fact]
    public void A_battery_reserve_above_its_capacity_is_refused_with_its_path()
    {
        var json = CanonicalJson.Snapshot(WithBattery()).Replace("\"reserveWh\":5000", "\"reserveWh\":60000", StringComparison.Ordinal);

        var read = () => SnapshotJsonReader.Read(json);

        read.Should().Throw<SnapshotFormatException>().WithMessage("*battery 'bat' has a reserve (60000 Wh) above its capacity (50000 Wh)*");
        var unknown = () => SnapshotJsonReader.Read(CanonicalJson.Snapshot(WithBattery()).Replace("\"mayChargeFromGrid\"", "\"soc\":1,\"mayChargeFromGrid\"", StringComparison.Ordinal));
        unknown.Should().Throw<SnapshotFormatException>().WithMessage("$.batteries[0].soc: unknown property*");
    }
}
