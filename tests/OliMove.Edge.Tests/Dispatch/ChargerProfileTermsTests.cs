using OliMove.Edge.Dispatch;
using OliMove.SiteMap.Model;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Dispatch;

public class ChargerProfileTermsTests
{
    private static ChargePointDefinition MapSays(ChargingRateUnit unit) => new("CP-1", "garage", null, unit, []);

    private static SmartChargingCapabilities Reported(string? units, int? maxStackLevel = null) => new(units, 24, maxStackLevel, 16);

    [Fact]
    public void Keeps_the_site_maps_unit_when_the_charger_reported_nothing_or_allows_it()
    {
        ChargerProfileTerms.Of(MapSays(ChargingRateUnit.A), null).Should().Be(new ChargerProfileTerms(ProfileRateUnit.A, 1, 0, null));
        ChargerProfileTerms.Of(MapSays(ChargingRateUnit.W), Reported("Current,Power")).Unit.Should().Be(ProfileRateUnit.W);
        ChargerProfileTerms.Of(MapSays(ChargingRateUnit.A), Reported("Current")).UnitMismatch.Should().BeNull();
    }

    [Fact]
    public void Sends_in_the_unit_the_charger_takes_and_says_why_when_the_site_map_differs()
    {
        var onlyW = ChargerProfileTerms.Of(MapSays(ChargingRateUnit.A), Reported("Power"));
        onlyW.Unit.Should().Be(ProfileRateUnit.W);
        onlyW.UnitMismatch.Should().Be("site map says chargingRateUnit A but the charger takes only Power (W); profiles are sent in W");

        var onlyA = ChargerProfileTerms.Of(MapSays(ChargingRateUnit.W), Reported(" current "));
        onlyA.Unit.Should().Be(ProfileRateUnit.A);
        onlyA.UnitMismatch.Should().Contain("Current (A)");
    }

    [Fact]
    public void Ignores_units_it_does_not_know()
    {
        ChargerProfileTerms.Of(MapSays(ChargingRateUnit.A), Reported("Volts")).Should().Be(new ChargerProfileTerms(ProfileRateUnit.A, 1, 0, null));
    }

    [Fact]
    public void Never_uses_a_stack_level_above_the_chargers_maximum()
    {
        ChargerProfileTerms.Of(MapSays(ChargingRateUnit.A), Reported(null, maxStackLevel: 0)).Should().Be(new ChargerProfileTerms(ProfileRateUnit.A, 0, 0, null));
        ChargerProfileTerms.Of(MapSays(ChargingRateUnit.A), Reported(null, maxStackLevel: 8)).TxStackLevel.Should().Be(ProfileScheme.TxStackLevel);
        ChargerProfileTerms.Of(MapSays(ChargingRateUnit.A), Reported(null, maxStackLevel: -1)).TxStackLevel.Should().Be(ProfileScheme.TxStackLevel, "a nonsense maximum is ignored");
    }
}
