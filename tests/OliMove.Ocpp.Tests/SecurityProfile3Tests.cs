using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Newtonsoft.Json.Linq;
using OliMove.Ocpp.CentralSystem;
using OliMove.Ocpp.Framing;
using OliMove.Ocpp.Messages;
using OliMove.Ocpp.Tests.Support;
using OliMove.Testing;

namespace OliMove.Ocpp.Tests;

/// <summary>OCPP security profile 3 over real TLS sockets: the client certificate decides before the upgrade, and the
/// security extension's certificate messages (certificates made here by a test CA; nothing is checked in).</summary>
public sealed class SecurityProfile3Tests : IAsyncLifetime
{
    private readonly TestCertificateAuthority _cpo = TestCertificateAuthority.Create();
    private X509Certificate2 _server = null!;
    private TestCentralSystem _cs = null!;

    public async Task InitializeAsync()
    {
        _server = _cpo.IssueServerCertificate();
        _cs = await TestCentralSystem.StartTlsAsync(_server, o =>
        {
            o.ConfigureAfterBoot = false;
            o.SecurityProfile = OcppSecurityProfile.TlsWithClientCertificate;
            o.ClientCertificateAuthorities = [X509CertificateLoader.LoadCertificate(_cpo.Certificate.RawData)];
            o.CertificateSigningAuthority = _cpo.Certificate;
            o.CertificateOrganization = "OliMove Test CPO";
            o.MaxAuthenticationFailuresPerChargePoint = 6;
        }, "CP-1", "CP-2");
    }

    public async Task DisposeAsync()
    {
        await _cs.DisposeAsync();
        _server.Dispose();
        _cpo.Dispose();
    }

    [Fact]
    public async Task A_charge_point_with_a_certificate_of_the_CPOs_CA_for_its_id_connects_without_Basic_credentials()
    {
        using var certificate = _cpo.IssueClientCertificate("CP-1");
        await using var client = await RawOcppClient.ConnectAsync(_cs.UriFor("CP-1"), configure: Tls(certificate));

        (await client.BootAsync())[2]!["status"]!.ToString().Should().Be("Accepted");
        _cs.Registry.ConnectedIds.Should().Equal("CP-1");
        _cs.SecurityEvents.Should().BeEmpty();
    }

    [Fact]
    public async Task Expired_wrong_CA_wrong_subject_and_missing_certificates_are_refused_with_403_before_the_upgrade_as_security_events_then_limited()
    {
        using var expired = _cpo.IssueClientCertificate("CP-1", DateTimeOffset.UtcNow.AddDays(-60), DateTimeOffset.UtcNow.AddDays(-1));
        using var notYetValid = _cpo.IssueClientCertificate("CP-1", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(60));
        using var stranger = TestCertificateAuthority.Create("Someone Else's CA");
        using var wrongCa = stranger.IssueClientCertificate("CP-1");
        using var anotherCharger = _cpo.IssueClientCertificate("CP-2");
        using var anotherCpo = _cpo.IssueClientCertificate("CP-1", organization: "Another CPO");

        (await RawOcppClient.RefusalAsync(_cs.UriFor("CP-1"), configure: Tls(expired))).Should().Be(HttpStatusCode.Forbidden);
        (await RawOcppClient.RefusalAsync(_cs.UriFor("CP-1"), configure: Tls(notYetValid))).Should().Be(HttpStatusCode.Forbidden);
        (await RawOcppClient.RefusalAsync(_cs.UriFor("CP-1"), configure: Tls(wrongCa))).Should().Be(HttpStatusCode.Forbidden);
        (await RawOcppClient.RefusalAsync(_cs.UriFor("CP-1"), configure: Tls(anotherCharger))).Should().Be(HttpStatusCode.Forbidden, "the CN binds the certificate to CP-2");
        (await RawOcppClient.RefusalAsync(_cs.UriFor("CP-1"), configure: Tls(anotherCpo))).Should().Be(HttpStatusCode.Forbidden, "O must be the CPO name");
        (await RawOcppClient.RefusalAsync(_cs.UriFor("CP-1"), "CP-1", "key-CP-1", Tls(null))).Should().Be(HttpStatusCode.Forbidden, "Basic credentials are no certificate");

        using var valid = _cpo.IssueClientCertificate("CP-1");
        (await RawOcppClient.RefusalAsync(_cs.UriFor("CP-1"), configure: Tls(valid))).Should().Be(HttpStatusCode.TooManyRequests,
            "six failures for CP-1 within the window: further tries wait, unchecked and unrecorded (decision 0228)");

        _cs.Registry.Count.Should().Be(0);
        var events = _cs.SecurityEvents;
        events.Should().HaveCount(6).And.OnlyContain(e => e.ChargePointId == "CP-1" && e.Type == "InvalidChargePointCertificate" && e.Origin == SecurityEventOrigin.CentralSystem);
        events[0].TechInfo.Should().Contain("not now");
        events[1].TechInfo.Should().Contain("not now");
        events[2].TechInfo.Should().Contain("does not chain to the CPO's CA");
        events[3].TechInfo.Should().Contain("CN 'CP-2' is not the charge point id");
        events[4].TechInfo.Should().Contain("O 'Another CPO'");
        events[5].TechInfo.Should().Contain("no client certificate");
    }

    [Fact]
    public async Task Plain_ws_is_not_served_under_profile_3()
    {
        // The TLS port does not speak plain HTTP at all; a ws:// client fails before any upgrade.
        var plain = new Uri(_cs.UriFor("CP-1").ToString().Replace("wss://", "ws://", StringComparison.Ordinal));
        var connect = () => RawOcppClient.ConnectAsync(plain);

        await connect.Should().ThrowAsync<WebSocketException>();
        _cs.Registry.Count.Should().Be(0);
    }

    [Fact]
    public async Task SignCertificate_is_answered_Accepted_then_CertificateSigned_brings_a_certificate_that_connects_next_time()
    {
        using var bootstrap = _cpo.IssueClientCertificate("CP-1");
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var csr = TestCertificateAuthority.SigningRequestPem("CP-1", newKey);
        string chain;
        await using (var client = await RawOcppClient.ConnectAsync(_cs.UriFor("CP-1"), configure: Tls(bootstrap)))
        {
            await client.BootAsync();

            var reply = await client.ExchangeAsync(new JArray(2, "sign-1", "SignCertificate", new JObject { ["csr"] = csr }).ToString());
            reply.ToString(Newtonsoft.Json.Formatting.None).Should().Be("""[3,"sign-1",{"status":"Accepted"}]""");

            var call = await client.ReceiveFrameAsync();
            ((int)call[0]!).Should().Be(2);
            call[2]!.ToString().Should().Be("CertificateSigned");
            chain = call[3]!["certificateChain"]!.ToString();
            await client.SendAsync(new JArray(3, call[1]!, new JObject { ["status"] = "Accepted" }).ToString());
        }

        using var issued = X509Certificate2.CreateFromPem(chain);
        issued.Issuer.Should().Be(_cpo.Certificate.Subject);
        issued.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo().Should().Equal(newKey.ExportSubjectPublicKeyInfo(), "the charger's own new key is certified");
        issued.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority.Should().BeFalse();
        chain.Should().Contain(_cpo.Certificate.ExportCertificatePem(), "the chain carries the issuing CA");

        using var renewed = TestCertificateAuthority.WithKey(chain, newKey);
        await using var again = await RawOcppClient.ConnectAsync(_cs.UriFor("CP-1"), configure: Tls(renewed));
        (await again.BootAsync())[2]!["status"]!.ToString().Should().Be("Accepted");
    }

    [Fact]
    public async Task A_CSR_for_another_charger_or_a_weak_key_or_garbage_is_Rejected_and_nothing_is_signed()
    {
        using var certificate = _cpo.IssueClientCertificate("CP-1");
        await using var client = await RawOcppClient.ConnectAsync(_cs.UriFor("CP-1"), configure: Tls(certificate));
        await client.BootAsync();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var weak = RSA.Create(1024);

        foreach (var csr in new[] { TestCertificateAuthority.SigningRequestPem("CP-2", key), TestCertificateAuthority.SigningRequestPem("CP-1", weak), "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----" })
        {
            var reply = await client.ExchangeAsync(new JArray(2, "sign", "SignCertificate", new JObject { ["csr"] = csr }).ToString());
            reply[2]!["status"]!.ToString().Should().Be("Rejected");
        }

        (await client.ExchangeAsync("""[2,"hb","Heartbeat",{}]"""))[1]!.ToString().Should().Be("hb", "no CertificateSigned came in between");
    }

    [Fact]
    public async Task SecurityEventNotification_is_recorded_before_its_empty_reply()
    {
        using var certificate = _cpo.IssueClientCertificate("CP-2");
        await using var client = await RawOcppClient.ConnectAsync(_cs.UriFor("CP-2"), configure: Tls(certificate));
        await client.BootAsync();

        var reply = await client.ExchangeAsync("""[2,"sec-1","SecurityEventNotification",{"type":"TamperDetectionActivated","timestamp":"2026-12-05T06:00:00Z","techInfo":"door opened"}]""");

        reply.ToString(Newtonsoft.Json.Formatting.None).Should().Be("""[3,"sec-1",{}]""");
        _cs.SecurityEvents.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            ChargePointId = "CP-2",
            Type = "TamperDetectionActivated",
            OccurredAt = new DateTimeOffset(2026, 12, 5, 6, 0, 0, TimeSpan.Zero),
            TechInfo = "door opened",
            Origin = SecurityEventOrigin.ChargePoint,
        });
    }

    [Theory]
    [InlineData("""{"type":"TamperDetectionActivated","timestamp":"2026-12-05T06:00:00Z","severity":"high"}""", OcppErrorCode.FormationViolation)]
    [InlineData("""{"csr":"x","extra":1}""", OcppErrorCode.FormationViolation)]
    [InlineData("""{"timestamp":"2026-12-05T06:00:00Z"}""", OcppErrorCode.OccurenceConstraintViolation)]
    [InlineData("""{"type":5,"timestamp":"2026-12-05T06:00:00Z"}""", OcppErrorCode.TypeConstraintViolation)]
    public async Task Security_extension_payloads_that_break_the_OCA_schemas_get_their_CALLERROR_and_change_nothing(string payload, string code)
    {
        using var certificate = _cpo.IssueClientCertificate("CP-1");
        await using var client = await RawOcppClient.ConnectAsync(_cs.UriFor("CP-1"), configure: Tls(certificate));
        await client.BootAsync();
        var action = payload.Contains("csr", StringComparison.Ordinal) ? "SignCertificate" : "SecurityEventNotification";

        var reply = await client.ExchangeAsync($"""[2,"bad",{new JValue(action).ToString(Newtonsoft.Json.Formatting.None)},{payload}]""");

        ((int)reply[0]!).Should().Be(4);
        reply[2]!.ToString().Should().Be(code);
        _cs.SecurityEvents.Should().BeEmpty();
    }

    [Fact]
    public async Task InstallCertificate_and_ExtendedTriggerMessage_go_to_the_charger_and_a_reply_outside_the_schema_is_refused()
    {
        using var certificate = _cpo.IssueClientCertificate("CP-1");
        await using var client = await RawOcppClient.ConnectAsync(_cs.UriFor("CP-1"), configure: Tls(certificate));
        await client.BootAsync();
        var session = _cs.Client("CP-1");

        var install = session.CallAsync(new InstallCertificateRequest { CertificateType = CertificateUse.CentralSystemRootCertificate, Certificate = _cpo.Certificate.ExportCertificatePem() });
        var installCall = await client.ReceiveFrameAsync();
        installCall[2]!.ToString().Should().Be("InstallCertificate");
        installCall[3]!["certificateType"]!.ToString().Should().Be("CentralSystemRootCertificate");
        await client.SendAsync(new JArray(3, installCall[1]!, new JObject { ["status"] = "Accepted" }).ToString());
        (await install).Status.Should().Be(InstallCertificateStatus.Accepted);

        var trigger = session.CallAsync(new ExtendedTriggerMessageRequest { RequestedMessage = ExtendedMessageTrigger.SignChargePointCertificate });
        var triggerCall = await client.ReceiveFrameAsync();
        triggerCall[3]!.ToString(Newtonsoft.Json.Formatting.None).Should().Be("""{"requestedMessage":"SignChargePointCertificate"}""");
        await client.SendAsync(new JArray(3, triggerCall[1]!, new JObject { ["status"] = "Maybe" }).ToString());
        await trigger.Invoking(t => t).Should().ThrowAsync<OliMove.Ocpp.Routing.OcppCallErrorException>("'Maybe' is not in the OCA schema");
    }

    private Action<ClientWebSocketOptions> Tls(X509Certificate2? clientCertificate) => o =>
    {
        o.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == _server.GetCertHashString();
        if (clientCertificate is not null)
        {
            o.ClientCertificates = [clientCertificate];
        }
    };
}
