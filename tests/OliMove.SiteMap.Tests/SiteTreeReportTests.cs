namespace OliMove.SiteMap.Tests;

public class SiteTreeReportTests
{
    [Fact]
    public async Task Prints_demo()
    {
        var result = await SiteMapLoader.LoadFileAsync(SiteMapFiles.Path("demo.yaml"));
        Console.WriteLine(SiteTreeReport.Render(result));
        File.WriteAllText("/tmp/demo-report.txt", SiteTreeReport.Render(result));
    }
}
