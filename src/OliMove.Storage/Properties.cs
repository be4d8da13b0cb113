using System.Runtime.CompilerServices;

// The disk-full test limits the writer's max_page_count through an internal hook.
[assembly: InternalsVisibleTo("OliMove.Storage.Tests")]
