using OliMove.Edge.Hosting;

namespace OliMove.Edge.Tests.Hosting;

public sealed class GatewayPrerequisiteCheckTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void This_machine_has_what_the_bundle_needs()
    {
        GatewayPrerequisiteCheck.ForThisMachine().FirstMissing().Should().BeNull();
    }

    [Fact]
    public void A_gateway_without_OpenSSL_is_told_in_one_line_what_to_install()
    {
        var check = new GatewayPrerequisiteCheck(_ => false, _ => true, NoEnvironment);

        var missing = check.FirstMissing();

        if (!OperatingSystem.IsLinux())
        {
            missing.Should().BeNull();
            return;
        }

        missing.Should().StartWith("OpenSSL was not found (tried libssl.so.3, libssl.so.1.1")
            .And.Contain("libssl3").And.Contain("Gateway requirements").And.NotContain("\n");
    }

    [Fact]
    public void OpenSSL_1_1_alone_is_enough()
    {
        var check = new GatewayPrerequisiteCheck(name => name == "libssl.so.1.1", _ => true, NoEnvironment);

        check.FirstMissing().Should().BeNull();
    }

    [Fact]
    public void The_runtime_version_override_is_the_only_name_tried()
    {
        var tried = new List<string>();
        var check = new GatewayPrerequisiteCheck(name => { tried.Add(name); return false; }, _ => true,
            name => name == "DOTNET_OPENSSL_VERSION_OVERRIDE" ? "3" : null);

        var missing = check.FirstMissing();

        if (OperatingSystem.IsLinux())
        {
            tried.Should().Equal("libssl.so.3");
            missing.Should().Contain("tried libssl.so.3)");
        }
    }

    [Fact]
    public void A_gateway_without_a_time_zone_database_is_told_to_install_tzdata_or_set_TZDIR()
    {
        var check = new GatewayPrerequisiteCheck(_ => true, dir => dir != "/usr/share/zoneinfo", NoEnvironment);
        var moved = new GatewayPrerequisiteCheck(_ => true, dir => dir == "/opt/zoneinfo", name => name == "TZDIR" ? "/opt/zoneinfo" : null);

        if (OperatingSystem.IsLinux())
        {
            check.FirstMissing().Should().Be("The time zone database was not found at /usr/share/zoneinfo: install tzdata (or set TZDIR); see docs/operations.md, \"Gateway requirements\".");
        }

        moved.FirstMissing().Should().BeNull();
    }
}
