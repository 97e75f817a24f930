import Fluent
import Foundation
import BadilCore

final class LocationRecord: Model, @unchecked Sendable {
    static let schema = "locations"

    @ID(key: .id) var id: UUID?
    @Field(key: "type") var type: String
    @Field(key: "name_en") var nameEn: String
    @Field(key: "name_fr") var nameFr: String
    @Field(key: "name_ar") var nameAr: String
    @OptionalField(key: "pcode") var pcode: String?
    @OptionalParent(key: "operator_id") var operatorOrganization: OrganizationRecord?
    @OptionalField(key: "latitude") var latitude: Double?
    @OptionalField(key: "longitude") var longitude: Double?
    @Field(key: "active") var active: Bool
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?

    init() {}

    var locationType: LocationType { LocationType(rawValue: type) ?? .office }

    func name(in language: UILanguage) -> String {
        switch language {
        case .en: return nameEn
        case .fr: return nameFr.isEmpty ? nameEn : nameFr
        case .ar: return nameAr.isEmpty ? nameEn : nameAr
        }
    }
}
