using System.Globalization;
using System.Text.Json.Nodes;
using OliMove.Edge.Dispatch;
using OliMove.Edge.Testing;
using OliMove.Edge.Tests.FieldIntegrity;

namespace OliMove.Edge.Tests.Integration;

/// <summary>
/// A charger that connects and then boots (every charger after a site power cut) gets its fail-safe default once per
/// connection, not once for the connect and again for the boot (issue 17, the reconnect storm); a new connection gets
/// it again, and an explicit install (site-map reload, cleared profiles) always sends. Counted are the installer's
/// static defaults (scheduled from the start of the UTC day); a plan's window default, which a re-plan may send at any
/// moment of the test, starts at its slot or event instead.
/// </summary>
public class FailSafeOncePerConnectionTests
{
    [Fact]
    public async Task The_boot_after_a_connect_does_not_send_the_fail_safe_default_again_but_a_new_connection_does()
    {
        // Security profile 0 (loopback only): the key check's PBKDF2 is not what this test is about, and on a loaded
        // machine it could outlast the test charger's connect deadline.
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: FieldSite.Yaml(1, 2, 22_000), configure: o => o.Ocpp.SecurityProfile = 0);
        var id = FieldSite.Id(1, 1);
        var installer = host.Get<FailSafeInstaller>();

        await using (var first = await RawChargePoint.ConnectAsync(host.OcppUri, id))
        {
            await first.BootAsync();
            await Poll.UntilAsync(() => StaticDefaultsSent(first) >= 1, "the fail-safe default is sent after the connect");
            // What the boot asks for, done once more here and awaited: it finds the default given and sends nothing.
            await installer.InstallMissingAsync(id, CancellationToken.None);
            StaticDefaultsSent(first).Should().Be(1, "the connect's default, accepted on this connection, is not sent again");

            var before = AllDefaultsSent(first);
            await installer.InstallAsync(id, CancellationToken.None);
            AllDefaultsSent(first).Should().BeGreaterThan(before, "an explicit install (after a reload or a cleared profile) always sends");
        }

        await using var second = await RawChargePoint.ConnectAsync(host.OcppUri, id);
        await second.BootAsync();
        await Poll.UntilAsync(() => AllDefaultsSent(second) >= 1, "a new connection gets its fail-safe default again");
    }

    private static int AllDefaultsSent(RawChargePoint charger) => Defaults(charger).Count();

    private static int StaticDefaultsSent(RawChargePoint charger) =>
        Defaults(charger).Count(profile => DateTimeOffset.Parse(profile["chargingSchedule"]!["startSchedule"]!.GetValue<string>(), CultureInfo.InvariantCulture)
            == new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date, TimeSpan.Zero));

    private static IEnumerable<JsonNode> Defaults(RawChargePoint charger) =>
        charger.ReceivedCalls
            .Where(call => call[2]!.GetValue<string>() == "SetChargingProfile")
            .Select(call => call[3]!["csChargingProfiles"]!)
            .Where(profile => profile["chargingProfilePurpose"]!.GetValue<string>() == "TxDefaultProfile");
}
