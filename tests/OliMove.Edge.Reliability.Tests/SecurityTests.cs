using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using OliMove.Edge.Api;
using OliMove.Edge.Configuration;
using OliMove.Edge.Testing;

namespace OliMove.Edge.ReliabilityTests;

/// <summary>Issue 12, security: nobody gets in who should not, and nothing secret leaks (see docs/security.md).</summary>
public class SecurityTests
{
    private static async Task<HttpStatusCode> RefusalAsync(Uri ocpp, string chargePointId, string? key)
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.AddSubProtocol("ocpp1.6");
        if (key is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{chargePointId}:{key}")));
        }

        var connect = () => socket.ConnectAsync(new Uri(ocpp.ToString().TrimEnd('/') + "/" + Uri.EscapeDataString(chargePointId)), CancellationToken.None);
        await connect.Should().ThrowAsync<WebSocketException>();
        return socket.HttpStatusCode;
    }

    [Fact]
    public async Task A_charge_point_with_a_wrong_key_no_key_or_another_chargers_key_is_refused_before_the_upgrade()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 2, 22_000));
        string first = TestSiteMap.Id(1, 1), second = TestSiteMap.Id(1, 2);

        (await RefusalAsync(host.OcppUri, first, "wrong-key-wrong-key-1")).Should().Be(HttpStatusCode.Unauthorized);
        (await RefusalAsync(host.OcppUri, first, null)).Should().Be(HttpStatusCode.Unauthorized);
        // Spoofing: the second charger's id in the URL with the first charger's (valid) key.
        (await RefusalAsync(host.OcppUri, second, TestSiteMap.Key(first))).Should().Be(HttpStatusCode.Unauthorized);
        (await RefusalAsync(host.OcppUri, "NOT-IN-THE-SITE-MAP", TestSiteMap.Key(first))).Should().Be(HttpStatusCode.NotFound);
        (await RefusalAsync(host.OcppUri, "../" + first, TestSiteMap.Key(first))).Should().BeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_API_refuses_a_missing_or_unknown_token_and_serves_a_viewer()
    {
        var viewer = ApiTokenHash.NewToken();
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 1, 22_000), configure: o => o.Api.Tokens =
            [new ApiTokenOptions { Name = "viewer", Role = "viewer", Sha256 = ApiTokenHash.Sha256Hex(viewer) }]);
        using var http = new HttpClient { BaseAddress = host.BaseUri };

        (await http.GetAsync("api/v1/site")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var unknown = new HttpRequestMessage(HttpMethod.Get, "api/v1/site");
        unknown.Headers.TryAddWithoutValidation("Authorization", "Bearer " + ApiTokenHash.NewToken());
        (await http.SendAsync(unknown)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        using var hashAsToken = new HttpRequestMessage(HttpMethod.Get, "api/v1/site");
        hashAsToken.Headers.TryAddWithoutValidation("Authorization", "Bearer " + ApiTokenHash.Sha256Hex(viewer));
        (await http.SendAsync(hashAsToken)).StatusCode.Should().Be(HttpStatusCode.Unauthorized, "the stored hash is not a credential");
        using var good = new HttpRequestMessage(HttpMethod.Get, "api/v1/site");
        good.Headers.TryAddWithoutValidation("Authorization", "Bearer " + viewer);
        (await http.SendAsync(good)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/../../../../../../etc/passwd")]
    [InlineData("/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd")]
    [InlineData("/..%2f..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/%252e%252e/%252e%252e/etc/passwd")]
    [InlineData("/..\\..\\..\\..\\etc\\passwd")]
    [InlineData("/wwwroot/../olimove-edge.deps.json")]
    [InlineData("/../olimove-edge.runtimeconfig.json")]
    public async Task Static_files_never_serve_a_file_outside_the_web_root(string rawPath)
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 1, 22_000));
        // A raw request line, because HttpClient would normalise the dots away before sending.
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, host.BaseUri.Port);
        await using var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET {rawPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"));
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var response = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(20));

        response.Should().NotStartWith("HTTP/1.1 200").And.NotContain("root:x:0:0").And.NotContain("\"runtimeTarget\"").And.NotContain("\"runtimeOptions\"");
        response.Should().NotStartWith("HTTP/1.1 5");
    }

    [Fact]
    public async Task An_oversized_OCPP_frame_is_refused_with_a_CALLERROR_and_an_oversized_body_is_refused_without_a_server_error()
    {
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 2, 22_000));
        string first = TestSiteMap.Id(1, 1), second = TestSiteMap.Id(1, 2);
        await using var neighbour = await RawOcppClient.ConnectAsync(host.OcppUri, second, TestSiteMap.Key(second));
        await using var flooder = await RawOcppClient.ConnectAsync(host.OcppUri, first, TestSiteMap.Key(first));

        var huge = $"[2,\"big\",\"DataTransfer\",{{\"vendorId\":\"x\",\"data\":\"{new string('A', host.Options.Ocpp.MaxFrameBytes + 1024)}\"}}]";
        await flooder.SendTextAsync(huge);
        // The service drains the frame without keeping it (memory stays bounded at MaxFrameBytes) and answers
        // a CALLERROR FormationViolation for its id; the connection stays usable (docs/decisions of the OCPP module).
        JsonArray? reply = null;
        while (reply is null)
        {
            var frame = await flooder.ReceiveTextAsync(TimeSpan.FromSeconds(20));
            frame.Should().NotBeNull("the service answers the oversized frame");
            var array = JsonNode.Parse(frame!)!.AsArray();
            if (array[0]!.GetValue<int>() == 4)
            {
                reply = array;
            }
        }

        reply[1]!.GetValue<string>().Should().Be("big");
        reply[2]!.GetValue<string>().Should().Be("FormationViolation");
        flooder.State.Should().Be(WebSocketState.Open);
        (await flooder.BootAsync())![0]!.GetValue<int>().Should().Be(3, "the charger that sent it is still served");
        (await neighbour.BootAsync())![0]!.GetValue<int>().Should().Be(3, "the other charger is unaffected");

        using var http = new HttpClient { BaseAddress = host.BaseUri, Timeout = TimeSpan.FromSeconds(60) };
        var body = new ByteArrayContent(new byte[40 * 1024 * 1024]);
        body.Headers.ContentType = new("application/json");
        HttpStatusCode? status = null;
        try
        {
            status = (await http.PostAsync("api/v1/site", body)).StatusCode;
        }
        catch (HttpRequestException)
        {
            // Kestrel may close the connection mid-upload after answering 413: that is a refusal too.
        }

        if (status is { } s)
        {
            ((int)s).Should().BeInRange(400, 499);
        }

        (await http.GetAsync("api/v1/health")).StatusCode.Should().Be(HttpStatusCode.OK, "the service still serves");
    }

    [Fact]
    public async Task Security_profile_2_serves_a_charge_point_over_wss_with_a_self_signed_certificate_only()
    {
        var directory = Path.Combine(Path.GetTempPath(), "olimove-tls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var pfx = Path.Combine(directory, "edge.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx));
        await using var host = await EdgeTestHost.StartAsync(siteMapYaml: TestSiteMap.Yaml(1, 1, 22_000), directory: directory, configure: o =>
        {
            o.Urls = ["https://127.0.0.1:0"];
            o.Ocpp.SecurityProfile = 2;
            o.Tls.CertificatePath = pfx;
        });
        host.BaseUri.Scheme.Should().Be("https");
        var wss = new Uri($"wss://{host.BaseUri.Authority}/ocpp");
        var id = TestSiteMap.Id(1, 1);

        var untrusted = () => RawOcppClient.ConnectAsync(wss, id, TestSiteMap.Key(id));
        await untrusted.Should().ThrowAsync<WebSocketException>("a charger that does not trust the certificate cannot connect");

        await using var client = await RawOcppClient.ConnectAsync(wss, id, TestSiteMap.Key(id), o =>
            o.RemoteCertificateValidationCallback = (_, presented, _, _) => presented is not null && presented.GetCertHashString() == certificate.GetCertHashString());
        var boot = await client.BootAsync();
        boot![0]!.GetValue<int>().Should().Be(3);
        boot[2]!["status"]!.GetValue<string>().Should().Be("Accepted");

        var plain = () => RawOcppClient.ConnectAsync(new Uri($"ws://{host.BaseUri.Authority}/ocpp"), id, TestSiteMap.Key(id));
        await plain.Should().ThrowAsync<Exception>("plain ws is not served on a TLS port");
    }
}
