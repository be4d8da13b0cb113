namespace OliMove.SiteMap.Tests;

public class AuthorizationKeyHashTests
{
    private const int FastIterations = AuthorizationKeyHash.MinimumIterations;

    [Fact]
    public void Verifies_the_key_it_was_made_from_and_nothing_else()
    {
        var stored = AuthorizationKeyHash.Create("0123456789abcdef", FastIterations);

        AuthorizationKeyHash.Verify("0123456789abcdef", stored).Should().BeTrue();
        AuthorizationKeyHash.Verify("0123456789abcdeF", stored).Should().BeFalse();
        AuthorizationKeyHash.Verify("0123456789abcde", stored).Should().BeFalse();
    }

    [Fact]
    public void Has_the_self_describing_format_and_a_fresh_salt_each_time()
    {
        var a = AuthorizationKeyHash.Create("0123456789abcdef", FastIterations);
        var b = AuthorizationKeyHash.Create("0123456789abcdef", FastIterations);

        a.Should().MatchRegex(@"^pbkdf2-sha256\$100000\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$");
        b.Should().NotBe(a);
        a.Should().NotContain("0123456789abcdef");
    }

    [Fact]
    public void Uses_at_least_100000_iterations_by_default()
    {
        AuthorizationKeyHash.DefaultIterations.Should().BeGreaterThanOrEqualTo(100_000);
        var stored = AuthorizationKeyHash.Create("a-key-of-16-char");
        stored.Split('$')[1].Should().Be(AuthorizationKeyHash.DefaultIterations.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Matches_an_independent_pbkdf2_sha256_computation()
    {
        // Computed with Python: hashlib.pbkdf2_hmac('sha256', b'demo-key-MINI-CP-1', salt, 100000, 32).
        const string stored = "pbkdf2-sha256$100000$8KJaKnr8P7ARy3wlMGxiZQ==$jSRT5n5W5hOWA5C1mOPtIy9SnJJNiY+nJQoSVyo244M=";

        AuthorizationKeyHash.Verify("demo-key-MINI-CP-1", stored).Should().BeTrue();
    }

    [Theory]
    [InlineData(15)]
    [InlineData(41)]
    public void Rejects_keys_outside_16_to_40_characters(int length)
    {
        var create = () => AuthorizationKeyHash.Create(new string('k', length), FastIterations);

        create.Should().Throw<ArgumentException>().WithMessage("*16 to 40 characters*");
    }

    [Theory]
    [InlineData(16)]
    [InlineData(40)]
    public void Accepts_keys_of_16_and_40_characters(int length)
    {
        var key = new string('k', length);

        AuthorizationKeyHash.Verify(key, AuthorizationKeyHash.Create(key, FastIterations)).Should().BeTrue();
    }

    [Fact]
    public void Rejects_fewer_than_100000_iterations()
    {
        var create = () => AuthorizationKeyHash.Create("0123456789abcdef", 99_999);

        create.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData("")]
    [InlineData("plain-text-key-123")]
    [InlineData("bcrypt$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$1000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$100000$not base64$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")]
    [InlineData("pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAA")]
    public void A_malformed_stored_value_is_reported_and_never_matches(string stored)
    {
        AuthorizationKeyHash.IsWellFormed(stored, out var problem).Should().BeFalse();
        problem.Should().NotBeEmpty();
        AuthorizationKeyHash.Verify("plain-text-key-123", stored).Should().BeFalse();
    }
}
