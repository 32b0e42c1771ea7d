using System.CommandLine;
using System.Globalization;
using Cosell.Server.Cli;

// The build runs without culture data (InvariantGlobalization), but DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=0, which
// images that install ICU often set, turns it back on: answers, messages and the command line's errors must not then
// follow the machine's language and calendar (a Thai locale writes today as 2569-11-28).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

var root = new RootCommand("Cosell: a local, wire-compatible AWS Partner Central Selling API") { ServeCommand.Create(), CoverageCommand.Create() };
return await root.Parse(args).InvokeAsync();
