"""Pydantic shapes of the TM Forum resources the API serves (a subset of the v4 fields, same
names). Responses are built as dicts and validated through these, which both documents them
in /openapi.json and stops a misspelt field from leaving the building. ``extra="allow"`` keeps
any further TMF field a builder adds."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field


class Tmf(BaseModel):
    model_config = ConfigDict(populate_by_name=True, extra="allow")


class Typed(Tmf):
    type: str | None = Field(None, alias="@type")


class Ref(Typed):
    id: str
    href: str | None = None
    name: str | None = None
    referredType: str | None = Field(None, alias="@referredType")


class RelatedParty(Ref):
    role: str | None = None


class Money(Tmf):
    unit: str
    value: float


class Price(Typed):
    taxIncludedAmount: Money


class TimePeriod(Tmf):
    startDateTime: str | None = None
    endDateTime: str | None = None


class Characteristic(Typed):
    name: str
    valueType: str | None = None
    value: Any = None


class Error(Typed):
    code: str
    reason: str
    message: str | None = None
    status: str | None = None


# -- TMF620 -------------------------------------------------------------------------------------

class Quantity(Tmf):
    amount: float = 1
    units: str | None = None


class CatalogEntity(Typed):
    """What every TMF620 resource has: the kits require href, id, lastUpdate, lifecycleStatus
    and name on each."""

    id: str
    href: str
    name: str
    lastUpdate: str
    lifecycleStatus: str
    version: str | None = None
    description: str | None = None


class CatalogEntityCreate(Typed):
    name: str
    lifecycleStatus: str | None = None
    version: str | None = None
    description: str | None = None


class CatalogEntityUpdate(Typed):
    name: str | None = None
    lifecycleStatus: str | None = None
    version: str | None = None
    description: str | None = None


class Catalog(CatalogEntity):
    catalogType: str | None = None
    category: list[Ref] = []


class CatalogCreate(CatalogEntityCreate):
    catalogType: str | None = None
    category: list[Ref] = []


class CatalogUpdate(CatalogEntityUpdate):
    catalogType: str | None = None
    category: list[Ref] | None = None


class Category(CatalogEntity):
    isRoot: bool | None = None
    parentId: str | None = None
    productOffering: list[Ref] = []


class CategoryCreate(CatalogEntityCreate):
    isRoot: bool | None = None
    parentId: str | None = None
    productOffering: list[Ref] = []


class CategoryUpdate(CatalogEntityUpdate):
    isRoot: bool | None = None
    parentId: str | None = None
    productOffering: list[Ref] | None = None


class SpecCharacteristic(Typed):
    name: str
    valueType: str | None = None
    description: str | None = None
    configurable: bool | None = None
    minCardinality: int | None = None
    maxCardinality: int | None = None


class ProductSpecification(CatalogEntity):
    brand: str | None = None
    isBundle: bool | None = None
    productNumber: str | None = None
    productSpecCharacteristic: list[SpecCharacteristic] = []
    bundledProductSpecification: list[Ref] | None = None


class ProductSpecificationCreate(CatalogEntityCreate):
    brand: str | None = None
    isBundle: bool | None = None
    productNumber: str | None = None
    productSpecCharacteristic: list[SpecCharacteristic] = []
    bundledProductSpecification: list[Ref] | None = None


class ProductSpecificationUpdate(CatalogEntityUpdate):
    brand: str | None = None
    isBundle: bool | None = None
    productNumber: str | None = None
    productSpecCharacteristic: list[SpecCharacteristic] | None = None
    bundledProductSpecification: list[Ref] | None = None


class ProductOfferingPrice(CatalogEntity):
    priceType: str | None = None
    isBundle: bool | None = None
    recurringChargePeriodType: str | None = None
    recurringChargePeriodLength: int | None = None
    unitOfMeasure: Quantity | None = None
    price: Money | None = None


class ProductOfferingPriceCreate(CatalogEntityCreate):
    priceType: str | None = None
    isBundle: bool | None = None
    recurringChargePeriodType: str | None = None
    recurringChargePeriodLength: int | None = None
    unitOfMeasure: Quantity | None = None
    price: Money | None = None


class ProductOfferingPriceUpdate(CatalogEntityUpdate):
    priceType: str | None = None
    isBundle: bool | None = None
    recurringChargePeriodType: str | None = None
    recurringChargePeriodLength: int | None = None
    unitOfMeasure: Quantity | None = None
    price: Money | None = None


class CharacteristicValue(Typed):
    value: Any = None
    valueType: str | None = None
    unitOfMeasure: str | None = None
    isDefault: bool | None = None


class CharValueUse(Typed):
    name: str
    description: str | None = None
    valueType: str | None = None
    minCardinality: int | None = None
    maxCardinality: int | None = None
    productSpecCharacteristicValue: list[CharacteristicValue] = []


class OfferingTerm(Typed):
    name: str | None = None
    description: str | None = None


class ProductOffering(CatalogEntity):
    isBundle: bool | None = None
    isSellable: bool | None = None
    category: list[Ref] = []
    productSpecification: Ref | None = None
    productOfferingPrice: list[Ref] = []
    bundledProductOffering: list[Ref] | None = None
    prodSpecCharValueUse: list[CharValueUse] = []
    productOfferingTerm: list[OfferingTerm] = []


class ProductOfferingCreate(CatalogEntityCreate):
    isBundle: bool | None = None
    isSellable: bool | None = None
    category: list[Ref] = []
    productSpecification: Ref | None = None
    productOfferingPrice: list[Ref] = []
    bundledProductOffering: list[Ref] | None = None
    prodSpecCharValueUse: list[CharValueUse] = []
    productOfferingTerm: list[OfferingTerm] = []


class ProductOfferingUpdate(CatalogEntityUpdate):
    isBundle: bool | None = None
    isSellable: bool | None = None
    category: list[Ref] | None = None
    productSpecification: Ref | None = None
    productOfferingPrice: list[Ref] | None = None
    bundledProductOffering: list[Ref] | None = None
    prodSpecCharValueUse: list[CharValueUse] | None = None
    productOfferingTerm: list[OfferingTerm] | None = None


# -- TMF622 -------------------------------------------------------------------------------------

class ProductOrderItem(Typed):
    id: str
    action: str
    state: str | None = None
    quantity: int | None = None
    productOffering: Ref | None = None
    product: Ref | None = None


class ProductOrder(Typed):
    id: str
    href: str
    orderDate: str
    state: str
    completionDate: str | None = None
    requestedStartDate: str | None = None
    category: str | None = None
    channel: list[Ref] = []
    relatedParty: list[RelatedParty] = []
    productOrderItem: list[ProductOrderItem]


class PlaceIn(Tmf):
    """A RelatedPlaceRefOrValue: the installation address, given by value in ``name``."""

    id: str | None = None
    name: str | None = None
    role: str | None = None


class ProductIn(Tmf):
    """The product of an item: a reference (modify, delete) or, for a new fixed line, the
    value that says where it goes."""

    id: str | None = None
    place: list[PlaceIn] = []


class AppointmentRefIn(Tmf):
    id: str


class OrderItemIn(Tmf):
    """A productOrderItem as a client sends it (ProductOrder_Create)."""

    id: str | None = None
    action: str
    productOffering: Ref | None = None
    product: ProductIn | None = None
    appointment: AppointmentRefIn | None = None


class PartyIn(Tmf):
    id: str
    role: str | None = None


class ProductOrderCreate(Tmf):
    productOrderItem: list[OrderItemIn]
    relatedParty: list[PartyIn] = []


# -- TMF637 -------------------------------------------------------------------------------------

class ProductPrice(Typed):
    name: str | None = None
    priceType: str
    recurringChargePeriod: str | None = None
    unitOfMeasure: str | None = None
    price: Price


class RelatedOrderItem(Typed):
    orderItemId: str
    productOrderId: str
    orderItemAction: str | None = None
    productOrderHref: str | None = None
    referredType: str | None = Field(None, alias="@referredType")


class Product(Typed):
    id: str
    href: str
    name: str
    status: str
    isBundle: bool = False
    isCustomerVisible: bool = True
    orderDate: str | None = None
    startDate: str | None = None
    terminationDate: str | None = None
    productOffering: Ref
    productCharacteristic: list[Characteristic] = []
    productPrice: list[ProductPrice] = []
    productOrderItem: list[RelatedOrderItem] = []
    relatedParty: list[RelatedParty] = []
    billingAccount: Ref | None = None


# -- TMF635 -------------------------------------------------------------------------------------

class RatedProductUsage(Typed):
    isBilled: bool | None = None
    ratingDate: str | None = None
    usageRatingTag: str | None = None
    taxIncludedRatingAmount: Money | None = None
    productRef: Ref | None = None


class Usage(Typed):
    id: str
    href: str
    usageDate: str
    usageType: str
    description: str | None = None
    status: str
    usageCharacteristic: list[Characteristic] = []
    ratedProductUsage: list[RatedProductUsage] = []
    relatedParty: list[RelatedParty] = []


# -- TMF678 -------------------------------------------------------------------------------------

class CustomerBill(Typed):
    id: str
    href: str
    billNo: str
    billDate: str
    category: str | None = None
    runType: str | None = None
    state: str
    billingPeriod: TimePeriod
    amountDue: Money
    remainingAmount: Money | None = None
    taxIncludedAmount: Money
    relatedParty: list[RelatedParty] = []


class AppliedCustomerBillingRate(Tmf):
    # This resource has both a "type" field (recurringCharge | usageCharge) and "@type".
    id: str
    href: str
    name: str
    charge_type: str = Field(alias="type")
    at_type: str = Field("AppliedCustomerBillingRate", alias="@type")
    date: str
    description: str | None = None
    isBilled: bool = True
    bill: Ref
    product: Ref | None = None
    periodCoverage: TimePeriod | None = None
    taxIncludedAmount: Money
    characteristic: list[Characteristic] = []


# -- TMF646 (subset) and TMF621 -----------------------------------------------------------------

class TimeSlot(Typed):
    id: str
    validFor: TimePeriod


class RelatedEntity(Ref):
    role: str | None = None


class TroubleTicket(Typed):
    id: str
    href: str
    description: str
    severity: str
    ticketType: str
    status: str
    creationDate: str
    expectedResolutionDate: str | None = None
    resolutionDate: str | None = None
    lastUpdate: str | None = None
    channel: Ref | None = None
    relatedEntity: list[RelatedEntity] = []
    relatedParty: list[RelatedParty] = []


class TroubleTicketCreate(Tmf):
    description: str
    severity: str = "Major"
    ticketType: str = "fault"
    relatedParty: list[PartyIn] = []
    relatedEntity: list[RelatedEntity] = []
