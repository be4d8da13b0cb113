using OliMove.SiteMap.Yaml;

namespace OliMove.SiteMap;

/// <summary>Collects every error and warning of one load, so that all of them are reported at once.</summary>
internal sealed class SiteMapDiagnostics(string file)
{
    private readonly List<SiteMapError> _errors = [];
    private readonly List<SiteMapWarning> _warnings = [];

    public string File { get; } = file;

    public IReadOnlyList<SiteMapError> Errors => _errors;

    public IReadOnlyList<SiteMapWarning> Warnings => _warnings;

    public void Error(int line, int column, string message) => _errors.Add(new SiteMapError(File, line, column, message));

    public void Error(YamlTreeNode at, string message) => Error(at.Line, at.Column, message);

    public void Warning(YamlTreeNode at, string message) => _warnings.Add(new SiteMapWarning(File, at.Line, at.Column, message));
}
