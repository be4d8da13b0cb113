namespace OliMove.SiteMap.Tests;

/// <summary>site.timeZone: the IANA zone the cockpit shows times in and the energy history cuts days in.</summary>
public class SiteTimeZoneTests
{
    private static string Map(string? zoneLine) => $"""
        site:
          id: tz
        {(zoneLine is null ? "" : $"  {zoneLine}\n")}gridConnection:
          limitA: 63
        circuits:
          - id: cabinet
            limitA: 63
        chargePoints: []
        """;

    [Fact]
    public void Reads_an_IANA_zone()
    {
        var result = SiteMapLoader.LoadString(Map("timeZone: Europe/Berlin"), "site.yaml");
        result.Errors.Should().BeEmpty();
        result.Map!.TimeZone.Should().Be("Europe/Berlin");
    }

    [Fact]
    public void Defaults_to_UTC()
    {
        SiteMapLoader.LoadString(Map(null), "site.yaml").Map!.TimeZone.Should().Be("UTC");
    }

    [Fact]
    public void Rejects_an_unknown_zone_at_its_line()
    {
        var result = SiteMapLoader.LoadString(Map("timeZone: Europe/Atlantis"), "site.yaml");
        result.IsValid.Should().BeFalse();
        result.Errors.Should().ContainSingle().Which.ToString().Should().Contain("'timeZone' of the site is not a known IANA time zone id").And.Contain(":3:");
    }
}
