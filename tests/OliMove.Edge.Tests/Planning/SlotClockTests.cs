using OliMove.Edge.Planning;

namespace OliMove.Edge.Tests.Planning;

public class SlotClockTests
{
    private static readonly DateTimeOffset Boundary = new(2026, 3, 1, 10, 15, 0, TimeSpan.Zero);

    [Fact]
    public void A_slot_is_a_quarter_hour_aligned_to_the_quarter_hour_in_UTC()
    {
        SlotClock.SlotLength.Should().Be(TimeSpan.FromMinutes(15));
        SlotClock.StartOf(Boundary.AddMinutes(14).AddSeconds(59.999)).Should().Be(Boundary);
        SlotClock.StartOf(Boundary).Should().Be(Boundary);
        SlotClock.EndOf(Boundary.AddMinutes(7)).Should().Be(Boundary.AddMinutes(15));
        SlotClock.EndOf(Boundary).Should().Be(Boundary.AddMinutes(15), "a slot start is the start of its own slot, which ends a quarter later");
    }

    [Fact]
    public void An_instant_with_an_offset_falls_in_the_slot_of_its_UTC_time()
    {
        // 11:20+01:00 is 10:20 UTC.
        var start = SlotClock.StartOf(new DateTimeOffset(2026, 3, 1, 11, 20, 0, TimeSpan.FromHours(1)));

        start.Should().Be(Boundary);
        start.Offset.Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Ceiling_keeps_a_boundary_and_lifts_anything_else_to_the_next_one()
    {
        SlotClock.IsSlotStart(Boundary).Should().BeTrue();
        SlotClock.IsSlotStart(Boundary.AddTicks(1)).Should().BeFalse();
        SlotClock.CeilingOf(Boundary).Should().Be(Boundary);
        SlotClock.CeilingOf(Boundary.AddTicks(1)).Should().Be(Boundary.AddMinutes(15));
    }

    [Fact]
    public void A_horizon_of_96_slots_is_a_day_from_wherever_it_starts()
    {
        SlotClock.SlotsAfter(Boundary.AddMinutes(3), 96).Should().Be(Boundary.AddMinutes(3).AddDays(1));
    }

    [Fact]
    public void An_event_plan_starts_at_the_events_whole_second_not_at_the_slot_start()
    {
        SlotClock.EventPlanStart(Boundary.AddMinutes(4).AddSeconds(7.8)).Should().Be(Boundary.AddMinutes(4).AddSeconds(7));
    }
}
