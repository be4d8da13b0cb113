using OliMove.Edge.Cli;
using OliMove.Edge.Configuration;
using OliMove.Edge.Security;
using OliMove.Edge.Testing;
using OliMove.SiteMap;
using OliMove.SiteMap.Topology;

namespace OliMove.Edge.Tests.Security;

/// <summary>Demo values and open doors are refused at start with one line naming the key (decision 0249).</summary>
public sealed class UnsafeConfigurationTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("olimove-unsafe-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_safe_configuration_has_no_findings()
    {
        (await FindAsync(Safe())).Should().BeEmpty();
    }

    [Fact]
    public async Task Refuses_anvils_dev_key_on_a_chain_other_than_31337()
    {
        var options = Safe();
        options.Chain.OperatorKeyFile = Path.Combine(_directory, "operator.key");
        await File.WriteAllTextAsync(options.Chain.OperatorKeyFile, "0x" + UnsafeConfiguration.AnvilDevPrivateKeys[3].ToUpperInvariant() + "\n");
        options.Chain.ChainId = 100;

        var finding = (await FindAsync(options)).Should().ContainSingle().Subject;
        finding.Should().StartWith("Chain.OperatorKeyFile").And.Contain("anvil's public dev key #3").And.Contain("Chain.ChainId is 100");
        finding.Should().NotContain(UnsafeConfiguration.AnvilDevPrivateKeys[3], "the key itself is never printed");

        options.Chain.ChainId = UnsafeConfiguration.DevChainId;
        (await FindAsync(options)).Should().BeEmpty("on anvil's own chain the dev keys are what they are for");
    }

    [Fact]
    public async Task Refuses_the_demo_viewer_token_outside_demo()
    {
        var options = Safe();
        options.Api.Tokens = [new ApiTokenOptions { Name = "demo", Role = "viewer", Sha256 = UnsafeConfiguration.DemoViewerTokenSha256 }];

        (await FindAsync(options)).Should().ContainSingle().Which.Should().StartWith("Api.Tokens 'demo'").And.Contain("--demo");
        (await FindAsync(options, demo: true)).Should().BeEmpty();
    }

    [Fact]
    public async Task Refuses_a_site_map_with_demo_key_hashes_outside_demo()
    {
        var findings = await FindAsync(Safe(), siteMap: "minimal.yaml");

        findings.Should().NotBeEmpty().And.OnlyContain(f => f.StartsWith("SiteMap: charge point ", StringComparison.Ordinal) && f.Contains("demo-key-"));
        (await FindAsync(Safe(), siteMap: "minimal.yaml", demo: true)).Should().BeEmpty();
    }

    [Fact]
    public async Task Refuses_Api_AllowRemote_over_plain_http()
    {
        var options = Safe();
        options.Api.AllowRemote = true;
        options.Urls = ["https://0.0.0.0:8443", "http://0.0.0.0:8080"];

        (await FindAsync(options)).Should().ContainSingle().Which.Should().StartWith("Api.AllowRemote").And.Contain("http://0.0.0.0:8080");

        options.Urls = ["https://0.0.0.0:8443", "http://127.0.0.1:8080"];
        (await FindAsync(options)).Should().BeEmpty("plain http on loopback never crosses the network");
    }

    [Fact]
    public async Task Refuses_security_profile_0_on_a_non_loopback_address()
    {
        var options = Safe();
        options.Ocpp.SecurityProfile = 0;
        options.Urls = ["http://192.168.1.10:8080"];

        (await FindAsync(options)).Should().ContainSingle().Which.Should().StartWith("Ocpp.SecurityProfile is 0").And.Contain("192.168.1.10");

        options.Urls = ["http://localhost:8080", "http://[::1]:8081"];
        (await FindAsync(options)).Should().BeEmpty("on loopback only local tools can reach it");
    }

    [Fact]
    public async Task The_run_command_refuses_to_start_and_names_the_key()
    {
        var config = Path.Combine(_directory, "site.json");
        await File.WriteAllTextAsync(config, $$"""
            {
              "SiteMap": "{{Path.Combine(EdgeTestHost.RepoRoot(), "site-maps", "minimal.yaml").Replace("\\", "/", StringComparison.Ordinal)}}",
              "Database": "edge.db",
              "Urls": [ "http://127.0.0.1:0" ],
              "Api": { "Tokens": [ { "Name": "demo", "Role": "viewer", "Sha256": "{{UnsafeConfiguration.DemoViewerTokenSha256}}" } ] }
            }
            """);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await EdgeCommandLine.Build().Parse(["run", "--config", config]).InvokeAsync(new System.CommandLine.InvocationConfiguration { Output = output, Error = error });

        exit.Should().Be(1);
        error.ToString().Should().Contain("error: unsafe configuration: Api.Tokens 'demo'").And.Contain("SiteMap: charge point");
        File.Exists(Path.Combine(_directory, "edge.db")).Should().BeFalse("nothing started");
    }

    private EdgeOptions Safe() => new()
    {
        SiteMap = Path.Combine(_directory, "site.yaml"),
        Database = Path.Combine(_directory, "edge.db"),
        Urls = ["https://0.0.0.0:8443"],
    };

    private static async Task<IReadOnlyList<string>> FindAsync(EdgeOptions options, string? siteMap = null, bool demo = false) =>
        await UnsafeConfiguration.FindAsync(options, await TopologyAsync(siteMap), demo, CancellationToken.None);

    private static async Task<SiteTopology> TopologyAsync(string? siteMap)
    {
        if (siteMap is null)
        {
            var own = AuthorizationKeyHash.Create("a-key-of-this-site-only");
            var yaml = (await File.ReadAllTextAsync(Path.Combine(EdgeTestHost.RepoRoot(), "site-maps", "minimal.yaml")))
                .Split('\n')
                .Select(line => line.TrimStart().StartsWith("authorizationKeyHash:", StringComparison.Ordinal) ? line[..line.IndexOf('a', StringComparison.Ordinal)] + $"authorizationKeyHash: \"{own}\"" : line);
            return SiteMapLoader.LoadString(string.Join('\n', yaml), "site.yaml").Topology!;
        }

        return (await SiteMapLoader.LoadFileAsync(Path.Combine(EdgeTestHost.RepoRoot(), "site-maps", siteMap))).Topology!;
    }
}
