using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.Json.Nodes;
using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;
using OliMove.Edge.Tests.FieldIntegrity;
using OliMove.Storage;

namespace OliMove.Edge.Tests.Security;

/// <summary>
/// The real service under OCPP security profile 3, configured as a technician would (PEM files of the CPO's CA and
/// its key, a PFX for the server), with chargers on real wss:// sockets: certificates decide before the upgrade,
/// security events are stored in SQLite and shown in health, CSRs are signed with the configured CA key, and the
/// operator API reaches the charger with InstallCertificate and ExtendedTriggerMessage.
/// </summary>
public sealed class SecurityProfile3ServiceTests : IAsyncLifetime
{
    private const string ChargePointId = "OLI-DEMO-01";
    private const string OperatorToken = "operator-token-for-profile-3-tests";

    private readonly TestCertificateAuthority _cpo = TestCertificateAuthority.Create();
    private X509Certificate2 _server = null!;
    private EdgeTestHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = _cpo.IssueServerCertificate();
        var directory = Path.Combine(Path.GetTempPath(), "olimove-profile3-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var (caPath, keyPath) = _cpo.WritePem(directory);
        var pfx = Path.Combine(directory, "edge.pfx");
        await File.WriteAllBytesAsync(pfx, _server.Export(X509ContentType.Pfx));
        _host = await EdgeTestHost.StartAsync(directory: directory, configure: o =>
        {
            o.Urls = ["https://127.0.0.1:0"];
            o.Tls.CertificatePath = pfx;
            o.Ocpp.SecurityProfile = 3;
            o.Ocpp.Certificates = new OcppCertificateOptions { CaCertificatePath = caPath, CaKeyPath = keyPath, Organization = "OliMove Test CPO" };
            o.Api.Tokens = [new ApiTokenOptions { Name = "operator", Role = "operator", Sha256 = ApiTokenHash.Sha256Hex(OperatorToken) }];
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _server.Dispose();
        _cpo.Dispose();
    }

    [Fact]
    public async Task A_charger_with_its_certificate_connects_and_its_security_event_is_stored_listed_and_alerted_while_a_wrong_subject_is_refused()
    {
        using var wrongSubject = _cpo.IssueClientCertificate("OLI-DEMO-02");
        var refused = () => RawChargePoint.ConnectAsync(Wss, ChargePointId, Tls(wrongSubject));
        (await refused.Should().ThrowAsync<WebSocketException>()).Which.Message.Should().Contain("403");

        using var certificate = _cpo.IssueClientCertificate(ChargePointId);
        await using var charger = await RawChargePoint.ConnectAsync(Wss, ChargePointId, Tls(certificate));
        (await charger.BootAsync())["status"]!.GetValue<string>().Should().Be("Accepted");
        (await charger.CallAsync("SecurityEventNotification", new JsonObject
        {
            ["type"] = "TamperDetectionActivated",
            ["timestamp"] = "2026-12-05T06:00:00.000Z",
            ["techInfo"] = "cabinet door opened",
        })).Should().BeEmpty();

        var stored = await _host.Get<SecurityEventRepository>().LatestAsync(10);
        stored.Select(e => (e.ChargePointId, e.Type, e.Origin)).Should().Equal(
            (ChargePointId, "TamperDetectionActivated", "ChargePoint"),
            (ChargePointId, "InvalidChargePointCertificate", "CentralSystem"));
        stored[1].TechInfo.Should().Contain("CN 'OLI-DEMO-02'");

        using var http = Http();
        var health = await http.GetFromJsonAsync<JsonElement>("api/v1/health");
        health.GetProperty("status").GetString().Should().Be("ok", "the API on the TLS port needs no client certificate");
        health.GetProperty("alerts").EnumerateArray().Select(a => a.GetString()).Should().Contain(a =>
            a!.StartsWith("security: 2 security event(s)", StringComparison.Ordinal) && a.Contains("TamperDetectionActivated reported by OLI-DEMO-01"));
        (await http.GetAsync("api/v1/security-events")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        http.DefaultRequestHeaders.Authorization = new("Bearer", OperatorToken);
        var listed = await http.GetFromJsonAsync<JsonElement>("api/v1/security-events?limit=1");
        listed.GetProperty("items").EnumerateArray().Single().GetProperty("techInfo").GetString().Should().Be("cabinet door opened");
    }

    [Fact]
    public async Task A_CSR_is_signed_with_the_configured_CA_key_and_the_operator_installs_a_root_and_triggers_a_renewal()
    {
        using var certificate = _cpo.IssueClientCertificate(ChargePointId);
        await using var charger = await RawChargePoint.ConnectAsync(Wss, ChargePointId, Tls(certificate));
        await charger.BootAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        (await charger.CallAsync("SignCertificate", new JsonObject { ["csr"] = TestCertificateAuthority.SigningRequestPem(ChargePointId, key) }))["status"]!
            .GetValue<string>().Should().Be("Accepted");
        var signed = await NextCallAsync(charger, "CertificateSigned");
        using var issued = X509Certificate2.CreateFromPem(signed[3]!["certificateChain"]!.GetValue<string>());
        issued.Issuer.Should().Be(_cpo.Certificate.Subject);
        issued.GetNameInfo(X509NameType.SimpleName, false).Should().Be(ChargePointId);

        using var http = Http();
        http.DefaultRequestHeaders.Authorization = new("Bearer", OperatorToken);
        var install = await http.PostAsJsonAsync($"api/v1/chargepoints/{ChargePointId}/install-certificate",
            new { certificateType = "CentralSystemRootCertificate", certificate = _cpo.Certificate.ExportCertificatePem() });
        install.StatusCode.Should().Be(HttpStatusCode.OK, await install.Content.ReadAsStringAsync());
        (await install.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString().Should().Be("Accepted");
        (await NextCallAsync(charger, "InstallCertificate"))[3]!["certificateType"]!.GetValue<string>().Should().Be("CentralSystemRootCertificate");

        var notACa = await http.PostAsJsonAsync($"api/v1/chargepoints/{ChargePointId}/install-certificate",
            new { certificateType = "CentralSystemRootCertificate", certificate = certificate.ExportCertificatePem() });
        notACa.StatusCode.Should().Be(HttpStatusCode.BadRequest, "a leaf certificate is no root to trust; nothing is sent");

        var trigger = await http.PostAsJsonAsync($"api/v1/chargepoints/{ChargePointId}/extended-trigger", new { requestedMessage = "SignChargePointCertificate" });
        trigger.StatusCode.Should().Be(HttpStatusCode.OK, await trigger.Content.ReadAsStringAsync());
        (await NextCallAsync(charger, "ExtendedTriggerMessage"))[3]!.ToJsonString().Should().Be("""{"requestedMessage":"SignChargePointCertificate"}""");
        charger.ReceivedCalls.Select(c => c[2]!.GetValue<string>()).Should().ContainSingle(a => a == "InstallCertificate", "the refused leaf was never sent");
    }

    private Uri Wss => new($"wss://{_host.BaseUri.Authority}/ocpp/");

    private HttpClient Http() => new(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => Trusted(presented) })
    {
        BaseAddress = _host.BaseUri,
    };

    private Action<ClientWebSocketOptions> Tls(X509Certificate2 clientCertificate) => o =>
    {
        o.RemoteCertificateValidationCallback = (_, presented, _, _) => Trusted(presented);
        o.ClientCertificates = [clientCertificate];
    };

    private bool Trusted(X509Certificate? presented) => presented is not null && presented.GetCertHashString() == _server.GetCertHashString();

    private static async Task<JsonArray> NextCallAsync(RawChargePoint charger, string action)
    {
        JsonArray? found = null;
        await Poll.UntilAsync(() => (found = charger.ReceivedCalls.LastOrDefault(c => c[2]!.GetValue<string>() == action)) is not null, $"the charger receives {action}");
        return found!;
    }
}
