import Foundation
import BadilCore

/// The screening instrument in every version shipped in `Resources/Instruments` (`<id>-<version>.json`).
/// Old versions stay so that screenings answered under them still read correctly.
struct InstrumentCatalog: Sendable {
    let versions: [Int: ScreeningInstrument]
    let current: ScreeningInstrument

    static func load(directory: String) throws -> InstrumentCatalog {
        let dir = directory.hasSuffix("/") ? directory : directory + "/"
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
        var versions: [Int: ScreeningInstrument] = [:]
        for file in files {
            let instrument = try ScreeningInstrument.decode(try Data(contentsOf: URL(fileURLWithPath: dir + file)))
            versions[instrument.version] = instrument
        }
        guard let latest = versions.keys.max(), let current = versions[latest] else {
            throw InstrumentError.noInstrument(dir)
        }
        return InstrumentCatalog(versions: versions, current: current)
    }

    func version(_ v: Int) -> ScreeningInstrument? { versions[v] }

    enum InstrumentError: Error, CustomStringConvertible {
        case noInstrument(String)
        var description: String { "No screening instrument (*.json) in \(self)" }
    }
}
