namespace OliMove.SiteMap.Tests;

/// <summary>The shipped examples and schema, copied next to the test assembly by the project file.</summary>
internal static class SiteMapFiles
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "site-maps", name);
}
