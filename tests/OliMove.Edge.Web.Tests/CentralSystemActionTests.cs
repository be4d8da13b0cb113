using System.Net;
using OliMove.Tools.CpSimulator;

namespace OliMove.Edge.WebTests;

/// <summary>
/// The central-system side of the OCA compliance tool's cases for a site without a backend, over real HTTP and
/// real OCPP: the operator API sends each OCPP 1.6 action and answers with the charger's own reply, while the
/// simulator plays the tool's charger.
/// </summary>
public class CentralSystemActionTests
{
    private const string Op = WebTestSite.OperatorToken;

    /// <summary>A copy taken under the simulator's lock: its connection adds actions while a test reads.</summary>
    private static List<string> Actions(SimulatedChargePoint cp)
    {
        lock (cp.ReceivedActions)
        {
            return [.. cp.ReceivedActions];
        }
    }

    [Fact]
    public async Task Core_reads_all_or_some_configuration_keys_changes_one_and_clears_the_cache()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-01");

        var (all, allKeys) = await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-01/configuration", Op);
        all.StatusCode.Should().Be(HttpStatusCode.OK);
        allKeys.GetProperty("configurationKey").EnumerateArray().Select(k => k.GetProperty("key").GetString())
            .Should().Contain(["HeartbeatInterval", "NumberOfConnectors", "SupportedFeatureProfiles"]);

        var (_, some) = await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-01/configuration?key=MeterValueSampleInterval&key=NoSuchKey", Op);
        some.GetProperty("configurationKey").GetArrayLength().Should().Be(1);
        some.GetProperty("configurationKey")[0].GetProperty("readonly").GetBoolean().Should().BeFalse();
        some.GetProperty("unknownKey").EnumerateArray().Select(k => k.GetString()).Should().Equal("NoSuchKey");

        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/configuration", Op, new { key = "MeterValueSampleInterval", value = "30" }))
            .Body.GetProperty("status").GetString().Should().Be("Accepted");
        cp.ConfigurationValue("MeterValueSampleInterval").Should().Be("30");
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/configuration", Op, new { key = "NumberOfConnectors", value = "4" }))
            .Body.GetProperty("status").GetString().Should().Be("Rejected", "the charger keeps a read-only key");
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/configuration", Op, new { key = "Unknown", value = "1" }))
            .Body.GetProperty("status").GetString().Should().Be("NotSupported");

        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/clear-cache", Op, null)).Body.GetProperty("status").GetString().Should().Be("Accepted");
        Actions(cp).Should().Contain(["ChangeConfiguration", "ClearCache"]);
    }

    [Fact]
    public async Task Firmware_update_and_diagnostics_show_the_chargers_status_notifications()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-01");

        var (update, updated) = await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/firmware", Op,
            new { location = "https://firmware.example/oli-1.2.bin", retrieveDate = DateTimeOffset.UtcNow, retries = 2, retryIntervalSeconds = 60 });
        update.StatusCode.Should().Be(HttpStatusCode.OK, updated.ToString());
        await WebTestSite.EventuallyAsync(async () =>
            (await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-01/maintenance", Op)).Body.GetProperty("firmwareStatus").GetString() == "Installed",
            "FirmwareStatusNotification Installed is stored and shown");

        var (diagnostics, file) = await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/diagnostics", Op,
            new { location = "ftp://logs.example/upload/", startTime = DateTimeOffset.UtcNow.AddDays(-1) });
        diagnostics.StatusCode.Should().Be(HttpStatusCode.OK, file.ToString());
        file.GetProperty("fileName").GetString().Should().StartWith("diagnostics-OLI-DEMO-01-");
        await WebTestSite.EventuallyAsync(async () =>
            (await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-01/maintenance", Op)).Body.GetProperty("diagnosticsStatus").GetString() == "Uploaded",
            "DiagnosticsStatusNotification Uploaded is stored and shown");
        Actions(cp).Should().Contain(["UpdateFirmware", "GetDiagnostics"]);
    }

    [Fact]
    public async Task Local_list_is_sent_full_then_differential_and_a_stale_version_is_the_chargers_VersionMismatch()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-01");

        (await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-01/local-list/version", Op)).Body.GetProperty("listVersion").GetInt32().Should().Be(0);
        var full = new
        {
            listVersion = 1,
            updateType = "Full",
            entries = new object[] { new { idTag = "TAG-A", status = "Accepted" }, new { idTag = "TAG-B", status = "Blocked", expiryDate = DateTimeOffset.UtcNow.AddDays(30) } },
        };
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/local-list", Op, full)).Body.GetProperty("status").GetString().Should().Be("Accepted");
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/local-list", Op, new { listVersion = 2, updateType = "Differential", entries = new[] { new { idTag = "TAG-A" } } }))
            .Body.GetProperty("status").GetString().Should().Be("Accepted");
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/local-list", Op, new { listVersion = 2, updateType = "Differential", entries = new[] { new { idTag = "TAG-C", status = "Accepted" } } }))
            .Body.GetProperty("status").GetString().Should().Be("VersionMismatch");

        (await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-01/local-list/version", Op)).Body.GetProperty("listVersion").GetInt32().Should().Be(2);
        cp.LocalList.Entries.Keys.Should().Equal("TAG-B");
    }

    [Fact]
    public async Task Reservation_by_an_operator_is_made_and_cancelled_without_touching_the_edges_own_holds()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-01");

        var (reserve, reserved) = await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/reservations", Op,
            new { reservationId = 1_000_000_001, connectorId = 1, idTag = "TAG-FLEET", expiryDate = DateTimeOffset.UtcNow.AddHours(1) });
        reserve.StatusCode.Should().Be(HttpStatusCode.OK, reserved.ToString());
        reserved.GetProperty("status").GetString().Should().Be("Accepted");
        cp.Connectors[0].ReservationId.Should().Be(1_000_000_001);

        var (cancel, cancelled) = await site.SendAsync(HttpMethod.Delete, "/api/v1/chargepoints/OLI-DEMO-01/reservations/1000000001", Op);
        cancel.StatusCode.Should().Be(HttpStatusCode.OK);
        cancelled.GetProperty("status").GetString().Should().Be("Accepted");
        cp.Connectors[0].ReservationId.Should().BeNull();

        (await site.SendAsync(HttpMethod.Delete, "/api/v1/chargepoints/OLI-DEMO-01/reservations/7", Op)).Response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        Actions(cp).Count(a => a == "CancelReservation").Should().Be(1);
    }

    [Fact]
    public async Task Remote_trigger_makes_the_charger_send_the_message_now()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-01");

        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/trigger", Op, new { requestedMessage = "FirmwareStatusNotification" }))
            .Body.GetProperty("status").GetString().Should().Be("Accepted");
        await WebTestSite.EventuallyAsync(async () =>
            (await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-01/maintenance", Op)).Body.GetProperty("firmwareStatus").GetString() == "Idle",
            "the triggered FirmwareStatusNotification arrives and is stored");
        (await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/trigger", Op, new { requestedMessage = "StatusNotification", connectorId = 1 }))
            .Body.GetProperty("status").GetString().Should().Be("Accepted");
    }

    [Fact]
    public async Task Smart_charging_reads_the_composite_schedule_and_a_cleared_profile_is_put_back()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-01");
        await WebTestSite.EventuallyAsync(() => Task.FromResult(Actions(cp).Contains("SetChargingProfile")), "the fail-safe default is installed at boot");

        var (composite, schedule) = await site.GetAsync("/api/v1/chargepoints/OLI-DEMO-01/composite-schedule?connectorId=1&durationSeconds=3600&unit=W", Op);
        composite.StatusCode.Should().Be(HttpStatusCode.OK, schedule.ToString());
        schedule.GetProperty("status").GetString().Should().Be("Accepted");
        schedule.GetProperty("chargingSchedule").GetProperty("chargingRateUnit").GetString().Should().Be("W");
        schedule.GetProperty("chargingSchedule").GetProperty("periods").GetArrayLength().Should().BeGreaterThan(0);

        var setsBefore = Actions(cp).Count(a => a == "SetChargingProfile");
        var (clear, cleared) = await site.PostAsync("/api/v1/chargepoints/OLI-DEMO-01/charging-profiles/clear", Op, new { chargingProfilePurpose = "TxDefaultProfile" });
        clear.StatusCode.Should().Be(HttpStatusCode.OK, cleared.ToString());
        cleared.GetProperty("status").GetString().Should().Be("Accepted");
        cleared.GetProperty("reinstalled").GetBoolean().Should().BeTrue();
        Actions(cp).Count(a => a == "SetChargingProfile").Should().BeGreaterThan(setsBefore, "the edge puts its fail-safe default back at once");
    }

    [Fact]
    public async Task Bad_requests_are_refused_with_a_reason_and_nothing_is_sent()
    {
        await using var site = await WebTestSite.StartAsync();
        var cp = await site.ChargePointAsync("OLI-DEMO-01");
        // The edge sends GetConfiguration and ChangeConfiguration itself at boot, so those are checked by their effect.
        string[] underTest = ["TriggerMessage", "SendLocalList", "ReserveNow", "UpdateFirmware", "GetDiagnostics", "GetCompositeSchedule", "ClearCache"];

        async Task Refused(HttpStatusCode code, HttpMethod method, string path, object? body, string reason)
        {
            var (response, answer) = await site.SendAsync(method, path, Op, body);
            response.StatusCode.Should().Be(code, path);
            answer.GetProperty("error").GetString().Should().Contain(reason);
        }

        const string cpPath = "/api/v1/chargepoints/OLI-DEMO-01";
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Get, $"{cpPath}/configuration?key={new string('k', 51)}", null, "1 to 50");
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Post, $"{cpPath}/configuration", new { key = "HeartbeatInterval", value = new string('v', 501) }, "500");
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Post, $"{cpPath}/trigger", new { requestedMessage = "Coffee" }, "not valid");
        await Refused(HttpStatusCode.NotFound, HttpMethod.Post, $"{cpPath}/trigger", new { requestedMessage = "StatusNotification", connectorId = 9 }, "no connector 9");
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Post, $"{cpPath}/local-list", new { listVersion = 0, updateType = "Full" }, "at least 1");
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Post, $"{cpPath}/local-list", new { listVersion = 3, updateType = "Full", entries = new[] { new { idTag = "TAG-A" } } }, "needs a status");
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Post, $"{cpPath}/local-list",
            new { listVersion = 3, updateType = "Full", entries = new[] { new { idTag = "TAG-A", status = "Accepted" }, new { idTag = "tag-a", status = "Blocked" } } }, "more than once");
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Post, $"{cpPath}/reservations",
            new { reservationId = 5, connectorId = 1, idTag = "TAG", expiryDate = DateTimeOffset.UtcNow.AddHours(1) }, "at least 1000000000");
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Post, $"{cpPath}/reservations",
            new { reservationId = 1_000_000_002, connectorId = 1, idTag = "TAG", expiryDate = DateTimeOffset.UtcNow.AddHours(-1) }, "future");
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Post, $"{cpPath}/firmware", new { location = "firmware.bin", retrieveDate = DateTimeOffset.UtcNow }, "absolute URI");
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Post, $"{cpPath}/diagnostics",
            new { location = "ftp://x/", startTime = DateTimeOffset.UtcNow, stopTime = DateTimeOffset.UtcNow.AddDays(-1) }, "stopTime");
        await Refused(HttpStatusCode.BadRequest, HttpMethod.Get, $"{cpPath}/composite-schedule?unit=kW", null, "W or A");
        await Refused(HttpStatusCode.NotFound, HttpMethod.Post, "/api/v1/chargepoints/NOPE/clear-cache", null, "no charge point");
        await Refused(HttpStatusCode.ServiceUnavailable, HttpMethod.Post, "/api/v1/chargepoints/OLI-DEMO-05/clear-cache", null, "not connected");

        (await site.PostAsync($"{cpPath}/clear-cache", WebTestSite.ViewerToken, null)).Response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        Actions(cp).Should().NotContain(underTest);
        cp.ConfigurationValue("HeartbeatInterval").Should().NotBe(new string('v', 501));
    }
}
