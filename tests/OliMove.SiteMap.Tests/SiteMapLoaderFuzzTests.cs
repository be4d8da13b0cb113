using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace OliMove.SiteMap.Tests;

/// <summary>
/// Thousands of hand-edit accidents made to the shipped maps (deleted, duplicated and truncated lines, stray
/// brackets and quotes, tabs): each load is a valid map or a list of errors a technician can act on, at a line of
/// the file, with none of YamlDotNet's or .NET's own texts. Seeded, so a failure names a case that replays.
/// CI runs <see cref="DefaultCases"/> per map; <c>SITEMAP_FUZZ_CASES</c> sets another count (the long form).
/// </summary>
public partial class SiteMapLoaderFuzzTests(ITestOutputHelper output)
{
    private const int DefaultCases = 1500;

    private static readonly string[] Strays = ["[", "]", "{", "}", "\"", "'", "\t", "\t\t", ":", ": ", "- ", ",", "#", "&a ", "*a ", "*zz", "!", "|", ">", "%", "@", "`", "? ", "\\"];

    public static TheoryData<string> Maps => new(Directory.GetFiles(Path.GetDirectoryName(SiteMapFiles.Path("x"))!, "*.yaml").Select(Path.GetFileName).Order()!);

    [Theory]
    [MemberData(nameof(Maps))]
    public void Every_mutated_map_is_valid_or_has_errors_at_its_lines_in_plain_words(string name)
    {
        var original = File.ReadAllText(SiteMapFiles.Path(name));
        var cases = int.TryParse(Environment.GetEnvironmentVariable("SITEMAP_FUZZ_CASES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : DefaultCases;
        var random = new Random(16);
        int valid = 0, invalid = 0, syntax = 0;
        for (var i = 0; i < cases; i++)
        {
            var text = Mutate(original, random);
            var result = SiteMapLoader.LoadString(text, name);
            var lineCount = Math.Max(1, text.Split('\n').Length);
            if (result.IsValid)
            {
                valid++;
                result.Topology.Should().NotBeNull($"case {i} is valid");
                continue;
            }

            invalid++;
            syntax += result.Errors.Any(e => e.Message.StartsWith("the file is not valid YAML", StringComparison.Ordinal)) ? 1 : 0;
            result.Errors.Should().NotBeEmpty($"case {i} is refused");
            foreach (var error in result.Errors)
            {
                var context = $"case {i} ({error}):\n{text}";
                error.Line.Should().BeInRange(1, lineCount, context);
                error.Column.Should().BeGreaterThanOrEqualTo(1, context);
                error.Message.Should().NotBeNullOrWhiteSpace(context);
                LibraryText().IsMatch(error.Message).Should().BeFalse($"no library or runtime text reaches a technician: {context}");
            }
        }

        output.WriteLine($"{name}: {cases} mutated maps, {valid} valid, {invalid} refused ({syntax} of them as YAML syntax)");

        // The mutations must reach the syntax layer and the field layer, or the test proves little.
        syntax.Should().BeGreaterThan(cases / 10);
        (invalid - syntax).Should().BeGreaterThan(cases / 20);
        valid.Should().BeGreaterThan(0);
    }

    private static string Mutate(string original, Random random)
    {
        var lines = original.Split('\n').ToList();
        for (var m = random.Next(1, 4); m > 0; m--)
        {
            if (lines.Count == 0)
            {
                lines.Add("");
            }

            var at = random.Next(lines.Count);
            switch (random.Next(7))
            {
                case 0:
                    lines.RemoveAt(at);
                    break;
                case 1:
                    lines.Insert(at, lines[random.Next(lines.Count)]);
                    break;
                case 2:
                    lines[at] = lines[at][..random.Next(lines[at].Length + 1)];
                    break;
                case 3:
                    lines = lines.Take(at).ToList();
                    break;
                case 4:
                    lines[at] = "\t" + lines[at].TrimStart(' ');
                    break;
                default:
                    lines[at] = lines[at].Insert(random.Next(lines[at].Length + 1), Strays[random.Next(Strays.Length)]);
                    break;
            }
        }

        return string.Join('\n', lines);
    }

    // Exception type names, .NET runtime messages and YamlDotNet's parser vocabulary and position format.
    [GeneratedRegex(@"Exception|Operation is not valid|Object reference|Index was outside|Value cannot be null|Sequence contains|System\.|YamlDotNet|While (parsing|scanning)|did not find expected|Idx:|Line: \d")]
    private static partial Regex LibraryText();
}
