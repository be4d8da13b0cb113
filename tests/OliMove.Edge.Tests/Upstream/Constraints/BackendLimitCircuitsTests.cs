using OliMove.Edge.Planning;
using OliMove.Edge.Upstream.Constraints;
using OliMove.Ocpp.Messages;
using OliMove.Scheduling;
using static OliMove.Edge.Tests.Upstream.Constraints.BackendProfiles;

namespace OliMove.Edge.Tests.Upstream.Constraints;

/// <summary>
/// The backend's limits become virtual circuits of the snapshot: the allocator then never plans a charger above
/// them, admission never promises power above them, and without any the snapshot is byte-identical to before.
/// </summary>
public class BackendLimitCircuitsTests
{
    private const double Voltage = 230;
    private const int Horizon = 16;

    private static SessionSnapshot Session(string chargePointId, int connectorId, long txId, long maxW = 22_000, int phases = 3) => new(
        PlanIds.SessionIdOf(txId), PlanIds.ConnectorKey(chargePointId, connectorId), "cabinet", phases, phases == 3 ? 0 : 1,
        phases * 1380, maxW, phases * 1380, maxW, T0.AddMinutes(-30), null, null, 0, OptedIn: false, Accepted: false);

    private static GroupSnapshot Snapshot(long cabinetW, params SessionSnapshot[] sessions) => new(
        "cabinet", T0, 900, Horizon, [new CircuitSnapshot("cabinet", null, Enumerable.Repeat(cabinetW, Horizon).ToArray(), new long[Horizon])], sessions);

    [Fact]
    public void Without_backend_profiles_for_the_group_the_snapshot_and_its_hash_are_unchanged()
    {
        var snapshot = Snapshot(30_000, Session("CP-1", 1, 1));
        var before = CanonicalJson.SnapshotBytes(snapshot);

        var none = BackendLimitCircuits.Apply(snapshot, [Charger()], [], Voltage);
        var elsewhere = BackendLimitCircuits.Apply(snapshot, [Charger()], [new StoredBackendProfile("CP-OTHER-GROUP", 0, MaxW(1000))], Voltage);

        none.Should().BeSameAs(snapshot);
        elsewhere.Should().BeSameAs(snapshot);
        CanonicalJson.SnapshotBytes(elsewhere).Should().Equal(before);
    }

    [Fact]
    public void A_ChargePointMaxProfile_caps_the_charger_and_its_freed_power_goes_to_the_others()
    {
        var snapshot = Snapshot(30_000, Session("CP-1", 1, 1), Session("CP-1", 2, 2), Session("CP-2", 1, 3));
        var limited = BackendLimitCircuits.Apply(snapshot, [Charger("CP-1"), Charger("CP-2")], [new StoredBackendProfile("CP-1", 0, MaxW(6000))], Voltage);

        limited.Circuits.Should().ContainSingle(c => c.CircuitId == "backend-limit:CP-1")
            .Which.Should().Match<CircuitSnapshot>(c => c.ParentId == "cabinet" && c.GuaranteedW.All(w => w == 6000) && c.SurplusW.All(w => w == 0));
        limited.Sessions.Where(s => s.ConnectorId.StartsWith("CP-1/", StringComparison.Ordinal)).Should().OnlyContain(s => s.CircuitId == "backend-limit:CP-1");
        limited.Sessions.Single(s => s.ConnectorId == "CP-2/1").CircuitId.Should().Be("cabinet");

        var plan = SlotAllocator.Plan(limited);
        var cp1 = plan.Sessions.Where(s => s.ConnectorId.StartsWith("CP-1/", StringComparison.Ordinal)).Sum(s => s.SetpointW);
        cp1.Should().BeLessThanOrEqualTo(6000);
        plan.Sessions.Single(s => s.ConnectorId == "CP-2/1").SetpointW.Should().BeGreaterThan(20_000, "the cabinet's 30 kW less CP-1's 6 kW is left");
        var free = SlotAllocator.Plan(snapshot).Sessions.Single(s => s.ConnectorId == "CP-2/1").SetpointW;
        free.Should().BeLessThan(11_000, "without the limit the three share 30 kW");
    }

    [Fact]
    public void The_limits_are_part_of_the_archived_snapshot_so_a_replay_gives_the_same_plan()
    {
        var snapshot = Snapshot(30_000, Session("CP-1", 1, 1), Session("CP-2", 1, 2));
        var profiles = new List<StoredBackendProfile>
        {
            new("CP-1", 0, Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 10, unit: ChargingRateUnitType.A)),
            new("CP-2", 1, Profile(ChargingProfilePurposeType.TxProfile, 5000, transactionId: 2)),
        };
        var limited = BackendLimitCircuits.Apply(snapshot, [Charger("CP-1"), Charger("CP-2")], profiles, Voltage);

        var replayed = SnapshotJsonReader.Read(CanonicalJson.Snapshot(limited));

        CanonicalJson.SnapshotHash(replayed).Should().Be(CanonicalJson.SnapshotHash(limited));
        CanonicalJson.SnapshotHash(limited).Should().NotBe(CanonicalJson.SnapshotHash(snapshot), "the limits are hashed inputs");
        CanonicalJson.PlanHash(SlotAllocator.Plan(replayed)).Should().Be(CanonicalJson.PlanHash(SlotAllocator.Plan(limited)));
        SlotAllocator.Plan(replayed).Sessions.Single(s => s.SessionId == "tx-1").PowerW.Should().OnlyContain(w => w <= 6_900, "10 A × 230 V × 3 phases");
    }

    [Fact]
    public void A_TxProfile_overrules_the_default_for_its_transaction_only()
    {
        var snapshot = Snapshot(60_000, Session("CP-1", 1, 7), Session("CP-1", 2, 8));
        var profiles = new List<StoredBackendProfile>
        {
            new("CP-1", 0, Profile(ChargingProfilePurposeType.TxDefaultProfile, 16, id: 1, unit: ChargingRateUnitType.A)),
            new("CP-1", 1, Profile(ChargingProfilePurposeType.TxProfile, 4000, id: 2, transactionId: 7)),
            new("CP-1", 2, Profile(ChargingProfilePurposeType.TxProfile, 1000, id: 3, transactionId: 99)), // an ended transaction
        };

        var limited = BackendLimitCircuits.Apply(snapshot, [Charger("CP-1")], profiles, Voltage);

        var c1 = limited.Circuits.Single(c => c.CircuitId == "backend-limit:CP-1/1");
        var c2 = limited.Circuits.Single(c => c.CircuitId == "backend-limit:CP-1/2");
        c1.GuaranteedW.Should().OnlyContain(w => w == 4000);
        c1.PhaseGuaranteedW.Should().BeNull("the TxProfile is in W");
        c2.GuaranteedW.Should().OnlyContain(w => w == 11_040, "16 A × 230 V × 3 phases from connector 0's default");
        c2.PhaseGuaranteedW!.L2.Should().OnlyContain(w => w == 3680);
        var plan = SlotAllocator.Plan(limited);
        plan.Sessions.Single(s => s.SessionId == "tx-7").PowerW.Should().OnlyContain(w => w <= 4000);
        plan.Sessions.Single(s => s.SessionId == "tx-8").PowerW.Should().OnlyContain(w => w <= 11_040);
    }

    [Fact]
    public void A_connector_default_replaces_connector_0s_at_the_same_stack_level_only_for_that_connector()
    {
        var chargerWide = new StoredBackendProfile("CP-1", 0, Profile(ChargingProfilePurposeType.TxDefaultProfile, 5000, id: 1));
        var own = new StoredBackendProfile("CP-1", 2, Profile(ChargingProfilePurposeType.TxDefaultProfile, 9000, id: 2));

        BackendLimitCircuits.DefaultsFor([chargerWide, own], 1).Should().ContainSingle().Which.ChargingProfileId.Should().Be(1);
        BackendLimitCircuits.DefaultsFor([chargerWide, own], 2).Should().ContainSingle().Which.ChargingProfileId.Should().Be(2);
        BackendLimitCircuits.CircuitOf("CP-1", 1, "cabinet", [chargerWide]).Should().Be("backend-limit:CP-1/1");
        BackendLimitCircuits.CircuitOf("CP-1", 1, "cabinet", [new StoredBackendProfile("CP-1", 0, MaxW(6000))]).Should().Be("backend-limit:CP-1");
        BackendLimitCircuits.CircuitOf("CP-2", 1, "cabinet", [chargerWide]).Should().Be("cabinet");
    }

    [Fact]
    public void A_limit_that_changes_within_a_slot_holds_for_the_whole_slot()
    {
        var snapshot = Snapshot(60_000, Session("CP-1", 1, 1));
        var dip = Profile(ChargingProfilePurposeType.ChargePointMaxProfile, 0, start: T0,
            periods: [new() { StartPeriod = 0, Limit = 11_000 }, new() { StartPeriod = 600, Limit = 2_000 }, new() { StartPeriod = 720, Limit = 11_000 }]);

        var limited = BackendLimitCircuits.Apply(snapshot, [Charger("CP-1")], [new StoredBackendProfile("CP-1", 0, dip)], Voltage);

        limited.Circuits.Single(c => c.CircuitId == "backend-limit:CP-1").GuaranteedW.Take(2).Should().Equal(2_000, 11_000);
    }

    [Fact]
    public void Admission_never_promises_power_above_the_backend_limit()
    {
        var snapshot = Snapshot(60_000);
        var limited = BackendLimitCircuits.Apply(snapshot, [Charger("CP-1")], [new StoredBackendProfile("CP-1", 0, MaxW(6000))], Voltage);
        var request = new SessionSnapshot(
            "new-CP-1/1", "CP-1/1", BackendLimitCircuits.CircuitOf("CP-1", 1, "cabinet", [new StoredBackendProfile("CP-1", 0, MaxW(6000))]),
            3, 0, 4140, 22_000, 4140, 22_000, T0, T0.AddHours(2), 20_000, 0, OptedIn: true, Accepted: false);

        AdmissionControl.Evaluate(snapshot, request with { CircuitId = "cabinet" }).Accepted.Should().BeTrue("the cabinet alone could deliver 20 kWh in 2 h");
        var decision = AdmissionControl.Evaluate(limited, request);

        decision.Accepted.Should().BeFalse("6 kW for 2 h is 12 kWh");
        decision.MaxEnergyWhByDeparture.Should().BeLessThanOrEqualTo(12_000);
    }

    [Fact]
    public void With_random_backend_limits_no_charger_is_planned_above_its_limit_and_the_cabinet_holds()
    {
        var random = new Random(1515);
        var capped = 0;
        for (var round = 0; round < 60; round++)
        {
            var chargers = Enumerable.Range(1, 4).Select(i => Charger($"CP-{i}", connectors: 2, phases: i == 4 ? 1 : 3)).ToList();
            var sessions = new List<SessionSnapshot>();
            var profiles = new List<StoredBackendProfile>();
            long tx = 1;
            foreach (var cp in chargers)
            {
                foreach (var c in cp.Connectors.Where(_ => random.Next(4) > 0))
                {
                    var maxW = (long)SnapshotBuilder.ConnectorPower(c, Voltage).MaxW;
                    sessions.Add(Session(cp.ChargePointId, c.ConnectorId, tx, maxW, c.Phases) with { CircuitId = "cabinet" });
                    if (random.Next(3) == 0)
                    {
                        profiles.Add(new(cp.ChargePointId, c.ConnectorId, RandomProfile(random, ChargingProfilePurposeType.TxProfile, (int)tx)));
                    }

                    tx++;
                }

                if (random.Next(2) == 0)
                {
                    profiles.Add(new(cp.ChargePointId, 0, RandomProfile(random, ChargingProfilePurposeType.ChargePointMaxProfile, null)));
                }

                if (random.Next(3) == 0)
                {
                    profiles.Add(new(cp.ChargePointId, random.Next(3), RandomProfile(random, ChargingProfilePurposeType.TxDefaultProfile, null)));
                }
            }

            var cabinetW = random.Next(5_000, 80_000);
            var snapshot = BackendLimitCircuits.Apply(Snapshot(cabinetW, [.. sessions]), chargers, profiles, Voltage);
            var plan = SlotAllocator.Plan(snapshot);

            for (var t = 0; t < Horizon; t++)
            {
                plan.Sessions.Sum(s => s.PowerW[t]).Should().BeLessThanOrEqualTo(cabinetW, $"round {round}: the cabinet holds in slot {t}");
                foreach (var cp in chargers)
                {
                    var own = profiles.Where(p => p.ChargePointId == cp.ChargePointId).ToList();
                    var cpSessions = sessions.Where(s => s.ConnectorId.StartsWith(cp.ChargePointId + "/", StringComparison.Ordinal)).ToList();
                    var chargerW = cpSessions.Sum(s => plan.Sessions.Single(p => p.SessionId == s.SessionId).PowerW[t]);
                    var chargerLimit = SampledMin(own.Where(p => p.Purpose == ChargingProfilePurposeType.ChargePointMaxProfile).Select(p => p.Profile).ToList(), t, null);
                    if (chargerLimit is { } cl)
                    {
                        chargerW.Should().BeLessThanOrEqualTo(cl.TotalW, $"round {round}: {cp.ChargePointId} in slot {t}");
                    }

                    foreach (var s in cpSessions)
                    {
                        var connectorId = int.Parse(s.ConnectorId.Split('/')[1], System.Globalization.CultureInfo.InvariantCulture);
                        var power = plan.Sessions.Single(p => p.SessionId == s.SessionId).PowerW[t];
                        var txProfiles = own.Where(p => p.Purpose == ChargingProfilePurposeType.TxProfile && PlanIds.SessionIdOf(p.Profile.TransactionId!.Value) == s.SessionId).Select(p => p.Profile).ToList();
                        var limit = SampledMin(txProfiles, BackendLimitCircuits.DefaultsFor(own, connectorId), t, s.Arrival);
                        if (limit is { } l)
                        {
                            power.Should().BeLessThanOrEqualTo(l.TotalW, $"round {round}: {s.ConnectorId} in slot {t}");
                            capped += l.TotalW < s.ConnectorMaxW && power > 0 && power >= l.TotalW - 1000 ? 1 : 0;
                            if (l.PhaseW is { } phaseW)
                            {
                                (power / s.Phases).Should().BeLessThanOrEqualTo(phaseW, $"round {round}: {s.ConnectorId} per phase in slot {t}");
                            }
                        }

                        if (chargerLimit is { PhaseW: { } chargerPhaseW })
                        {
                            (power / s.Phases).Should().BeLessThanOrEqualTo(chargerPhaseW, $"round {round}: {s.ConnectorId} per phase of its charger in slot {t}");
                        }
                    }
                }
            }
        }

        capped.Should().BeGreaterThan(100, "the backend limits must actually bind the plan in many slots, or this test proves nothing");
    }

    /// <summary>The reference: the composite sampled every minute of the slot (the random periods start on minutes).</summary>
    private static BackendLimitW? SampledMin(IReadOnlyList<ChargingProfile> first, int slot, DateTimeOffset? sessionStart) => SampledMin(first, [], slot, sessionStart);

    private static BackendLimitW? SampledMin(IReadOnlyList<ChargingProfile> first, IReadOnlyList<ChargingProfile> fallback, int slot, DateTimeOffset? sessionStart)
    {
        BackendLimitW? min = null;
        for (var minute = 0; minute < 15; minute++)
        {
            var at = T0.AddMinutes((slot * 15) + minute);
            var limit = BackendScheduleEvaluator.Prevailing(first, at, sessionStart, (decimal)Voltage) ?? BackendScheduleEvaluator.Prevailing(fallback, at, sessionStart, (decimal)Voltage);
            if (limit is { } l)
            {
                min = min is { } m ? m.Min(l) : l;
            }
        }

        return min;
    }

    private static ChargingProfile RandomProfile(Random random, ChargingProfilePurposeType purpose, int? transactionId)
    {
        var unit = random.Next(2) == 0 ? ChargingRateUnitType.A : ChargingRateUnitType.W;
        var periods = new List<ChargingSchedulePeriod>();
        var start = 0;
        for (var i = 0; i < random.Next(1, 5); i++)
        {
            periods.Add(new ChargingSchedulePeriod
            {
                StartPeriod = start,
                Limit = unit == ChargingRateUnitType.A ? random.Next(0, 33) : random.Next(0, 23) * 1000,
                NumberPhases = unit == ChargingRateUnitType.A && random.Next(3) == 0 ? random.Next(1, 4) : null,
            });
            start += random.Next(1, 90) * 60;
        }

        var kind = purpose != ChargingProfilePurposeType.ChargePointMaxProfile && random.Next(3) == 0 ? ChargingProfileKindType.Relative : ChargingProfileKindType.Absolute;
        return Profile(
            purpose, 0, id: random.Next(1, 1000), stackLevel: random.Next(3), unit: unit, kind: kind,
            start: T0.AddMinutes(random.Next(-60, 120)), duration: random.Next(2) == 0 ? random.Next(1, 300) * 60 : null,
            transactionId: transactionId, periods: periods);
    }
}
