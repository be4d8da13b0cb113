using OliMove.Edge.Users;
using OliMove.Edge.Users.Outcomes;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Users;

public class ChargingRequestParserTests
{
    private static readonly DateTimeOffset Departure = new(2026, 3, 1, 17, 0, 0, TimeSpan.Zero);

    private static ChargingRequestBody Body(double? energyKWh = 10, bool optIn = true, DateTimeOffset? departure = null) =>
        new() { ChargePointId = "CP-1", ConnectorId = 1, OptIn = optIn, EnergyKWh = energyKWh, Departure = departure ?? Departure };

    private static InvalidInput Refusal<T>(DeskOutcome<T> outcome)
        where T : notnull
    {
        outcome.Succeeded.Should().BeFalse();
        return outcome.Failure.Should().BeOfType<InvalidInput>().Subject;
    }

    [Fact]
    public void Converts_the_APIs_kWh_into_the_desks_Wh()
    {
        var terms = ChargingRequestParser.Parse(7, Body(12.5) with { BatteryCapacityKWh = 60, CurrentSocPercent = 20 }).Value;

        terms.Should().Be(new NewChargingRequest(7, "CP-1", 1, true, 12_500, Departure, 60_000, 20));
    }

    [Fact]
    public void A_target_SoC_becomes_the_energy_from_the_current_SoC_on_the_named_battery()
    {
        var body = Body(energyKWh: null) with { TargetSocPercent = 80, BatteryCapacityKWh = 50, CurrentSocPercent = 30 };

        ChargingRequestParser.Parse(7, body).Value.EnergyRequestedWh.Should().Be(25_000);
    }

    [Fact]
    public void Without_opt_in_energy_and_departure_may_be_left_out()
    {
        var terms = ChargingRequestParser.Parse(7, new ChargingRequestBody { ChargePointId = "CP-1", ConnectorId = 2, OptIn = false }).Value;

        terms.EnergyRequestedWh.Should().BeNull();
        terms.Departure.Should().BeNull();
    }

    [Fact]
    public void Refuses_a_body_that_is_out_of_range_or_contradicts_itself_naming_the_field()
    {
        Refusal(ChargingRequestParser.Parse(7, Body(-1))).Should().Be(new InvalidInput("energyKWh", "energyKWh must be above 0 and at most 200"));
        Refusal(ChargingRequestParser.Parse(7, Body(double.PositiveInfinity))).Field.Should().Be("energyKWh");
        Refusal(ChargingRequestParser.Parse(7, Body(201))).Field.Should().Be("energyKWh");
        Refusal(ChargingRequestParser.Parse(7, Body(50) with { BatteryCapacityKWh = 40, CurrentSocPercent = 20 })).Message.Should().Contain("more energy than the battery");
        Refusal(ChargingRequestParser.Parse(7, Body() with { BatteryCapacityKWh = 0 })).Field.Should().Be("batteryCapacityKWh");
        Refusal(ChargingRequestParser.Parse(7, Body() with { CurrentSocPercent = 101 })).Field.Should().Be("currentSocPercent");
        Refusal(ChargingRequestParser.Parse(7, Body() with { TargetSocPercent = 80 })).Message.Should().Be("give either energyKWh or targetSocPercent, not both");
        Refusal(ChargingRequestParser.Parse(7, Body(null) with { TargetSocPercent = 80 })).Field.Should().Be("batteryCapacityKWh");
        Refusal(ChargingRequestParser.Parse(7, Body(null) with { TargetSocPercent = 20, BatteryCapacityKWh = 50, CurrentSocPercent = 30 }))
            .Message.Should().Be("targetSocPercent must be above the current 30 % and at most 100 %");
        Refusal(ChargingRequestParser.Parse(7, Body(null))).Field.Should().Be("energyKWh");
        Refusal(ChargingRequestParser.Parse(7, new ChargingRequestBody { ChargePointId = "CP-1", ConnectorId = 1, OptIn = true, EnergyKWh = 5 }))
            .Should().Be(new InvalidInput("departure", "with opt-in, give a departure and either energyKWh or targetSocPercent"));
    }

    [Fact]
    public void A_change_converts_its_energy_and_needs_at_least_one_new_term()
    {
        ChargingRequestParser.ParseChange(new RequestChangeBody { EnergyKWh = 8 }).Value.Should().Be(new RequestChange(8_000, null));
        ChargingRequestParser.ParseChange(new RequestChangeBody { Departure = Departure }).Value.Should().Be(new RequestChange(null, Departure));
        Refusal(ChargingRequestParser.ParseChange(new RequestChangeBody())).Message.Should().Be("give energyKWh and/or departure");
        Refusal(ChargingRequestParser.ParseChange(new RequestChangeBody { EnergyKWh = 0 })).Field.Should().Be("energyKWh");
    }

    [Fact]
    public void The_choice_of_counter_offer_is_energy_or_departure_and_nothing_else()
    {
        ChargingRequestParser.ParseChoice(new CounterOfferChoiceBody { Take = "energy" }).Value.Should().Be(CounterOfferChoice.Energy);
        ChargingRequestParser.ParseChoice(new CounterOfferChoiceBody { Take = "departure" }).Value.Should().Be(CounterOfferChoice.Departure);
        Refusal(ChargingRequestParser.ParseChoice(new CounterOfferChoiceBody { Take = "Energy" })).Should().Be(new InvalidInput("take", "take must be \"energy\" or \"departure\""));
    }
}
