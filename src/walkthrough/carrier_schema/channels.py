"""``channels``: where each channel is and how it reads (api, web, mobile, counter, hotline,
sms). A channel left out is not walked."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, create_model, model_validator

from walkthrough.carrier_schema.kinds import (
    EnvVar,
    JmesPath,
    Name,
    Names,
    Number,
    OneOf,
    Pattern,
    Section,
    TaskPattern,
    Template,
    Text,
    TextOr,
    Url,
    naming,
    refuse,
)
from walkthrough.carrier_schema.sells import CHANNELS

Label = Annotated[Any, Text()]
Locator = Annotated[Any, Text()]  # Playwright's selector syntax, or label=<text>
Regex = Annotated[Any, Pattern()]
Timeout = Annotated[Any, Number(0.001)]
Expression = Annotated[Any, JmesPath()]
KINDS = ("voice", "data")
Kind = Annotated[str, OneOf(*KINDS)]
PerUnit = dict[Kind, Annotated[Any, Number(0.000001)]]
# TMF637's product statuses: the words every channel's statuses are mapped to
STATUSES = ("created", "pendingActive", "active", "pendingTerminate", "terminated",
            "suspended", "cancelled", "aborted")
Status = Annotated[Any, OneOf(*STATUSES)]
# TMF621's trouble ticket statuses
TICKET_STATUSES = ("acknowledged", "rejected", "pending", "held", "inProgress", "cancelled",
                   "closed", "resolved")


def label(what: str) -> Any:
    return Field(None, description=what)


# A model made at run time (keys, listing, create_model) is a value, not a type, to mypy: a
# field or a class naming one carries `type: ignore[valid-type]` or `[misc]` for that alone.
def keys(title: str, base: type[Section], kind: Any, what: str, **named: str) -> type[Section]:
    """A mapping with the keys ``named`` (key → what it holds), each of ``kind``."""
    fields: dict[str, Any] = {
        key: (kind, Field(None, description=what.format(it))) for key, it in named.items()}
    return create_model(title, __base__=base, **fields)


# -- api -------------------------------------------------------------------------------------
class OAuth(Section):
    token_url: Annotated[Any, Url()] = Field(description="The token endpoint.")
    client_id: Label = Field(description="The client's id.")
    secret_env: Annotated[Any, EnvVar()] = Field(
        description="The environment variable holding the client's secret.")
    scope: Label = label("The scopes asked for, space-separated.")


class PerKindText(Text):
    """One name, or one per kind of session ({voice: ..., data: ...})."""

    name = "text, or a mapping: `voice`/`data` → text"

    def check(self, value: Any) -> None:
        if not isinstance(value, dict):
            super().check(value)
            return
        for kind, one in value.items():
            OneOf(*KINDS).check(kind)
            super().check(one)


class Usage(Section):
    types: dict[str, Annotated[Any, OneOf(*KINDS)]] = Field(
        default_factory=dict, description="The carrier's `usageType` → `voice` or `data`.")
    quantity: Annotated[Any, PerKindText()] = label(
        "The usage characteristic holding what the customer used (default `quantity`), or "
        "one per kind, e.g. `{voice: measuredSeconds, data: measuredKB}`.")
    per_unit: PerUnit = Field(
        default_factory=dict, description="The quantity's units per minute (voice) or MB "
        "(data): 60 for seconds, 1024 for KB.")
    rated: dict[Kind, Label] = Field(
        default_factory=dict, description="The characteristic saying what the carrier rated "
        "the session as, per kind, e.g. `{voice: ratedMinutes, data: ratedKB}`.")
    rated_per_unit: PerUnit = Field(
        default_factory=dict, description="Its units per minute (voice) or MB (data).")


ApiPath = Annotated[Any, Template("customer", "account")]
Paths = keys(
    "Paths", Section, ApiPath, "The path of {}, under `base_url` (a full http:// URL is taken "
    "as it is).",
    productOffering="the catalogue's offerings (TMF620)",
    productOfferingPrice="an offering's prices (TMF620)",
    productOrder="orders (TMF622)",
    product="the customer's products (TMF637)",
    usage="usage records (TMF635)",
    customerBill="bills (TMF678)",
    appliedCustomerBillingRate="bill lines (TMF678)",
    troubleTicket="trouble tickets (TMF621)",
    timeSlot="installation slots (TMF646)",
    payment="payments (TMF676)",
    balance="the prepaid balance: a list scoped to the customer, or one resource where the "
            "path names the customer (`accountBalance/{account}`)")


class Balance(Section):
    amount: Expression = label("Where the amount is in the answer at `paths.balance` "
                               "(default `remainedAmount.value`).")


class Party(Section):
    role: Label = label("The customer's role as the order's related party (default "
                        "`customer`).")
    referred_type: Label = label("Its `@referredType` (default `Customer`).")


Actions = keys("Actions", Section, Label, "The carrier's word for an item that {} (TMF's by "
               "default).", add="adds a product", modify="modifies one (a plan change)",
               delete="ends one")


class Order(Section):
    party: Party | None = label("The customer as the order's related party.")
    open_states: list[Label] = Field(
        default_factory=list, description="The item states of an order not yet done (a modify "
        "item in one of them is a plan change still waiting; default acknowledged, pending, "
        "held, inProgress).")
    actions: Actions | None = label(  # type: ignore[valid-type]
        "The carrier's words for an item's action.")


class Payment(Section):
    payer: Annotated[Any, OneOf("payer", "account", hint=(
        "payer: the customer as TMF676's payer; account: the account's id under account"))] = \
        label("Whom a payment is for: `payer` (TMF676's payer, default) or `account`.")
    refused: list[Label] = Field(default_factory=list, description="The payment statuses "
                                 "that say the money was not taken (default failed).")


class Bill(Section):
    period_end: Annotated[Any, OneOf("inclusive", "exclusive", hint=(
        "inclusive: 23:59:59 on the last day; exclusive: 00:00 of the day after"))] = label(
        "Whether `billingPeriod.endDateTime` belongs to the period: `inclusive` (default) or "
        "`exclusive`.")
    tax: Expression = label("Where a bill's VAT is (absent: not stated).")


LINE_KINDS = ("recurring", "discount", "voice", "data", "usage", "other")


class BillLines(Section):
    types: dict[str, Annotated[Any, OneOf(*LINE_KINDS)]] = Field(
        default_factory=dict, description="A line's type → the walk's kind (`usage`: a usage "
        "charge its usage record explains).")
    tax: Expression = label("Where a line's VAT is.")
    quantity: Label = label("The characteristic of a cycle's voice or data line holding what "
                            "was charged (default `quantity`).")
    unit: Label = label("The characteristic naming its unit (default `unit`).")
    per_unit: dict[str, Annotated[Any, Number(0.000001)]] = Field(
        default_factory=dict, description="The carrier's unit → how many make a minute or a "
        "MB, e.g. `{分钟: 1, KB: 1024}`.")


class Api(Section):
    base_url: Annotated[Any, Url()] = Field(description="Where the TM Forum APIs are.")
    oauth: OAuth | None = Field(None, description="OAuth 2.0 client credentials; without "
                                "it, `token_env`.")
    token_env: Annotated[Any, EnvVar()] = label(
        "The environment variable holding a static bearer token (without `oauth`).")
    timeout: Timeout = label("Seconds a request may take (default 10).")
    paths: Paths | None = label(  # type: ignore[valid-type]
        "Where each resource is, under `base_url` (`{customer}`, `{account}`: the walk's); a "
        "404 or 405 on one is the carrier file's mistake (errored).")
    balance: Balance | None = label("How the prepaid balance reads.")
    refusals: list[Annotated[Any, Number(400, 599, whole=True)]] = Field(
        default_factory=list, description="The HTTP statuses that, with a reason in the body, "
        "are the carrier refusing the customer (a product fact; default 422); any other "
        "4xx/5xx is errored.")
    order: Order | None = label("How orders name the customer and their items.")
    product_statuses: dict[str, Status] = Field(
        default_factory=dict, description="TMF637 product statuses in the carrier's words → "
        "TMF637's.")
    payment: Payment | None = label("Top-ups (TMF676).")
    bill: Bill | None = label("Bills (TMF678).")
    bill_lines: BillLines | None = label("Bill lines (TMF678 AppliedCustomerBillingRate).")
    usage_link: Label = label("The bill rate's characteristic naming its usage record's id.")
    scope_filter: Label = label("The filter scoping a list to the walk's customer "
                                "(default `relatedParty.id`; or `billingAccount.id`).")
    usage: Usage | None = Field(None, description="TMF635 usage in the carrier's words and "
                                "units.")


# -- the web hall, and the mobile hall and the counter built on it --------------------------
PAGES = ("catalogue", "services", "usage", "bills", "repair", "topup")
Links = keys("Links", Section, Annotated[Any, Names()], "The link to {} (a list: links "
             "followed in turn, as a tab then a tile).", catalogue="the catalogue page",
             services="the customer's services", usage="the usage records", bills="the bills",
             repair="the fault report page", topup="the top-up page")


class Find(Section):
    find: Locator = label("Where the value is within the item (without it, the item's own "
                          "text).")
    pattern: Regex = label("Reads the value from that text (its first group).")


Spot = Annotated[Find, TextOr("a locator within the item")]


def listing(title: str, **named: str) -> type[Section]:
    """A list on a page: a table (``table``, ``columns``) or repeated items (``items``,
    ``fields``), each value by the walk's name for it (``named``)."""
    columns = keys(f"{title}Columns", Section, Label, "The header of {}.", **named)
    fields = keys(f"{title}Fields", Section, Spot, "Where {} is in an item: a locator, or "
                  "`{{find, pattern}}`.", **named)
    # a model made of models made at run time: its fields are values to the type checker
    shape: dict[str, Any] = {
        "table": (Label, label("The table's caption (with `columns`).")),
        "columns": (columns | None, label("Our name → the carrier's header.")),
        "items": (Locator, label("A locator of each item, such as a card (with `fields`).")),
        "fields": (fields | None, label("Our name → where it is in an item.")),
        "empty": (Locator, label("What the page shows when there is nothing to list (items)."))}
    return create_model(f"{title}List", __base__=Section, **shape)


def _a_list(data: Any, *, unless: str = "") -> Any:
    if isinstance(data, dict) and not ("table" in data or "items" in data) and \
            not (unless and unless in data):
        raise refuse("{key} is a list: give its 'table' (with 'columns') or its 'items' "
                     "(with 'fields')", "see scenarios/carriers/demo.yaml (tables) and "
                     "bluewhale.yaml (items)")
    return data


OFFER = {"name": "the offering's name", "fee": "its fee", "terms": "its terms"}
CatalogueColumns = keys("CatalogueColumns", Section, Label, "The header of {}.", **OFFER)
CatalogueFields = keys("CatalogueFields", Section, Spot, "Where {} is: a locator, or "
                       "`{{find, pattern}}`.", **OFFER)


class Detail(Section):
    open: Locator = Field(description="The way to the offering's own page ({offering}).")
    item: Locator = label("Where the fields are on that page (default css=body).")
    fields: CatalogueFields | None = label(  # type: ignore[valid-type]
        "What that page tells, by our name.")


class CatalogueList(listing("Catalogue", **OFFER)):  # type: ignore[misc]
    detail: Detail | None = label("Where the price and its terms are told on the offering's "
                                  "own page.")

    @model_validator(mode="before")
    @classmethod
    def _is_a_list(cls, data: Any) -> Any:
        return _a_list(data)


class Catalogue(Section):
    tables: dict[str, CatalogueColumns] = Field(  # type: ignore[valid-type]
        default_factory=dict, description="Each catalogue table by its caption: its headers.")
    lists: dict[str, CatalogueList] = Field(
        default_factory=dict, description="Each other list (cards, tiles) by its name.")
    slot: Label = label("The installation slot list's label.")
    slot_pattern: Regex = label("Reads a slot option (groups date, start, end).")


Statuses = dict[str, Status]


class Services(listing("Services", name="the service's name", status="its status",  # type: ignore[misc]
                       start="its start date", end="its end date",
                       pending="a change waiting to take effect")):
    status: Statuses = Field(default_factory=dict, description="The carrier's status word → "
                             "TM Forum's (active, pendingActive, ...).")
    pending_pattern: Regex = label("Reads a pending change (groups 1: offering, 2: day).")
    gone: Status = label("The status of a product listed before and listed no more (a hall "
                         "that lists live products only), e.g. terminated.")

    @model_validator(mode="before")
    @classmethod
    def _is_a_list(cls, data: Any) -> Any:
        return _a_list(data)


USAGE = {"time": "the session's time", "type": "its type", "quantity": "its quantity"}


class WebUsage(listing("Usage", **USAGE)):  # type: ignore[misc]
    types: dict[str, Annotated[Any, OneOf(*KINDS)]] = Field(
        default_factory=dict, description="The carrier's usage type word → voice or data.")
    per_unit: PerUnit = Field(default_factory=dict, description="How many of the page's units "
                              "make one of ours, e.g. voice: 60 where it writes seconds.")
    none: Label = label("This hall has no such page: what the walk is told instead.")

    @model_validator(mode="before")
    @classmethod
    def _is_a_list(cls, data: Any) -> Any:
        return _a_list(data, unless="none")


class BillLineList(listing("BillLine", **USAGE, charge="the line's charge",  # type: ignore[misc]
                           item="its name")):
    types: dict[str, Annotated[Any, OneOf(*KINDS)]] = Field(
        default_factory=dict, description="A line's type (or name) → voice or data (default: "
        "`usage.types`).")
    per_unit: PerUnit = Field(default_factory=dict, description="How many of the lines' "
                              "units make a minute or a MB.")

    @model_validator(mode="before")
    @classmethod
    def _is_a_list(cls, data: Any) -> Any:
        return _a_list(data)


class SummaryList(listing("Summary", item="the charge's name",  # type: ignore[misc]
                          amount="its amount")):
    @model_validator(mode="before")
    @classmethod
    def _is_a_list(cls, data: Any) -> Any:
        return _a_list(data)


class Bills(listing("Bills", period="the bill's period", amount="its amount")):  # type: ignore[misc]
    holder: Locator = label("Where the page says whose bills they are.")
    lines: BillLineList | None = label("The itemised record of one bill (flows.open_bill "
                                       "leads there; {bill}: the bill as the list wrote it).")
    summary: SummaryList | None = label("The charges by name (each fee, discount, refund and "
                                        "usage total), where a charge is complained about.")

    @model_validator(mode="before")
    @classmethod
    def _is_a_list(cls, data: Any) -> Any:
        return _a_list(data)


class Repair(listing("Tickets", ref="the ticket number", product="the product",  # type: ignore[misc]
                     status="the status", reported="the time reported",
                     resolved="the time resolved")):
    status: dict[str, Annotated[Any, OneOf(*TICKET_STATUSES)]] = Field(
        default_factory=dict, description="The carrier's ticket status word → TMF621's "
        "(acknowledged, inProgress, resolved, ...).")

    @model_validator(mode="before")
    @classmethod
    def _is_a_list(cls, data: Any) -> Any:
        return _a_list(data)


class TopUp(Section):
    balance: Locator = label("Where the balance shows.")


# -- a customer task in a hall, as steps -------------------------------------------------------
# each action of walkthrough.channels.flows, and the keys that go with it
ACTIONS = ("goto", "open", "click", "fill", "check", "choose", "expect", "absent", "read",
           "sms", "repeat", "flow")
WITH = {"value": ("fill",), "option": ("choose",), "says": ("absent",),
        "pattern": ("read",), "as": ("read", "sms"), "within": ("sms",),
        "while": ("repeat",), "until": ("repeat",)}


class Step(Section):
    goto: Annotated[Any, OneOf("start")] = label("Go to the hall's address named so (`start`).")
    open: Annotated[Any, OneOf(*PAGES)] = label("Open one of the hall's pages, by its link "
                                                "(`links.<page>`).")
    click: Locator = label("Click it.")
    fill: Locator = label("Type `value` into the field.")
    check: Locator = label("Tick the tick-box.")
    choose: Locator = label("Choose the radio button, or with `option` the option of the "
                            "list.")
    expect: Locator = label("Wait for it to show.")
    absent: Locator = label("It must be gone (`says`: what it means when it is not).")
    read: Locator = label("Read its text (`pattern`: keep its first group; `as`: under this "
                          "name).")
    sms: Annotated[Any, TaskPattern()] = label("The newest SMS since the task began that "
                                               "matches: its first group kept `as`.")
    repeat: list[Step] = label("Steps done again `while` something shows (or `until` it "
                               "does), at most 5 times.")
    flow: Annotated[Any, Name("flow")] = label("Do another flow of this hall.")
    value: Label = label("What `fill` types.")
    option: Label = label("The option `choose` picks.")
    says: Label = label("What `absent` means when it still shows.")
    pattern: Annotated[Any, TaskPattern()] = label("What `read` keeps (its first group).")
    as_: Label = Field(None, alias="as", description="The name `read` or `sms` keeps the "
                       "value under (order, ticket, outcome: what the task gives back).")
    within: Annotated[Any, Number(0.001)] = label("Seconds of the carrier's clock `sms` waits "
                                                  "(default 60).")
    while_: Locator = Field(None, alias="while", description="`repeat` while this shows.")
    until: Locator = label("`repeat` until this shows.")
    when: Label = label("Only when the task has this value.")
    unless: Locator = label("Not when this shows already.")

    @model_validator(mode="before")
    @classmethod
    def _one_action(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        actions = [a for a in ACTIONS if a in data]
        known = {f.alias or n for n, f in cls.model_fields.items()}
        if not actions:
            if any(k not in known for k in data):
                return data  # the unknown key is named, with the action it probably meant
            raise refuse("{key} does none of " + ", ".join(ACTIONS),
                         "give each step one action, e.g. click: <locator>")
        if len(actions) > 1:
            raise refuse(f"{{key}} does both {actions[0]} and {actions[1]}",
                         "one action a step: write them as two steps")
        for key, goes_with in WITH.items():
            if key in data and actions[0] not in goes_with:
                raise refuse(f"{{key}}: '{key}' goes with {' or '.join(goes_with)}, not with "
                             f"{actions[0]}", f"remove '{key}', or make the step "
                             f"{goes_with[0]}: ...")
        return data


Flows = dict[str, list[Step]]


def _flows_named(data: Any) -> Any:
    """Each ``flow:`` step names a flow of the same hall."""
    if not isinstance(data, dict) or not isinstance(data.get("flows"), dict):
        return data
    known = tuple(str(k) for k in data["flows"])

    def steps(given: Any) -> Any:
        if not isinstance(given, list):
            return given
        out = []
        for step in given:
            if isinstance(step, dict):
                step = naming(step, (), "flow", known, "flow")
                if isinstance(step.get("repeat"), list):
                    step = {**step, "repeat": steps(step["repeat"])}
            out.append(step)
        return out
    return {**data, "flows": {k: steps(v) for k, v in data["flows"].items()}}


class Hall(Section):
    start: Annotated[Any, Url()] = Field(description="The sign-in page.")
    timeout: Timeout = label("Seconds a page or element may take (default 10).")
    links: Links | None = label("The hall's links, by the page they open.")  # type: ignore[valid-type]
    catalogue: Catalogue | None = label("The catalogue: its lists, and the order page's "
                                        "installation slots.")
    services: Services | None = label("The customer's services.")
    usage: WebUsage | None = label("The usage records.")
    bills: Bills | None = label("The bills, a bill's lines and its charges by name.")
    repair: Repair | None = label("Fault reports' tickets.")
    topup: TopUp | None = label("The top-up page.")
    flows: Flows = Field(default_factory=dict, description="Each customer task by its name "
                         "(sign_in, open_order, order, change, cancel, open_bill, dispute, "
                         "report_fault, top_up, top_up_card, and flows they call): its steps.")
    environment: list[Annotated[Any, EnvVar()]] = Field(
        default_factory=list, description="The environment variables of the hall's own "
        "credentials, which the flows take as `{env.NAME}`.")
    timed: dict[str, Label] = Field(
        default_factory=dict, description="Task → the transaction it is, timed on the "
        "carrier's clock (`<measure>.seconds`, the slowest of several).")

    @model_validator(mode="before")
    @classmethod
    def _flows_named(cls, data: Any) -> Any:
        return _flows_named(data)


class Mobile(Hall):
    device: Label = label("The Playwright device emulated, e.g. Pixel 7.")


# -- sms -------------------------------------------------------------------------------------
class Commands(Section):
    price: Annotated[Any, Template("code")] = label("Asks an offering's price.")
    order: Annotated[Any, Template("code")] = label("Orders an offering.")
    query: Annotated[Any, Template()] = label("Lists the customer's services.")
    change: Annotated[Any, Template("code")] = label("Changes the plan.")
    cancel_list: Annotated[Any, Template()] = label("Lists what can be unsubscribed.")
    cancel_pick: Annotated[Any, Template("n")] = label("Unsubscribes the n-th of that list.")
    bills: Annotated[Any, Template()] = label("Lists the bills.")
    bill_lines: Annotated[Any, Template("yyyymm")] = label("A bill's itemised record.")
    usage: Annotated[Any, Template()] = label("The usage records.")
    balance: Annotated[Any, Template()] = label("The prepaid balance.")
    top_up: Annotated[Any, Template("card", "password")] = label("Tops up with a recharge "
                                                                 "card.")




class Replies(Section):
    price: Regex = label("An offering's price (groups name, fee, terms).")
    question: Regex = label("A question the hall asks before it acts (a second "
                            "confirmation), for a flow to `expect`.")
    order: Regex = label("The order number (group order).")
    query: Regex = label("The reply to the services query, for a flow to `expect`.")
    product: Regex = label("A service listed (groups n, name, status, start, end, pending).")
    no_products: Regex = label("No service to list.")
    change: Regex = label("The change accepted (group date: its effective day, where told).")
    cancel_item: Regex = label("An item of the unsubscribe list (groups n, name).")
    accepted: Regex = label("A request accepted.")
    bills: Regex = label("The reply to the bills query, for a flow to `expect`.")
    bill: Regex = label("A bill (groups period, or start, or year and month; amount).")
    usage: Regex = label("A usage record (groups time, type, quantity).")
    bill_line: Regex = label("A bill line (groups time, type, quantity, charge).")
    refused: Regex = label("A refusal (group reason): the product's.")
    not_understood: Regex = label("The hall's help for a command it does not know: the "
                                  "carrier file's command is wrong (errored).")
    balance: Regex = label("The balance (group balance).")
    topped_up: Regex = label("A top-up taken (group balance).")


class SmsStep(Section):
    send: Label = label("Send this to the short code ({code}: the offering's code; {card}, "
                        "{password}, {n}, {yyyymm} where the task has them).")
    # which reply a step expects is checked as the hall walks (with the step's line)
    expect: Label = label("Wait for the reply `replies.<name>` describes.")
    answer: Label = label("Answer the question just heard (e.g. Y).")

    @model_validator(mode="before")
    @classmethod
    def _one_thing(cls, data: Any) -> Any:
        if isinstance(data, dict) and len(data) > 1 and all(k in cls.model_fields
                                                            for k in data):
            raise refuse("{key} does " + " and ".join(data) + " at once",
                         "one a step: [send: \"KT{code}\", expect: order]")
        if isinstance(data, dict) and not data:
            raise refuse("{key} is an empty step", "send: ..., expect: ... or answer: ...")
        return data


# the values each task's conversation is filled with (walkthrough.channels.sms)
SMS_FILLS = {"price": ("code",), "order": ("code",), "change": ("code",), "cancel": ("code",),
             "cancel_pick": ("n",), "bill_lines": ("yyyymm",), "top_up": ("card", "password")}


def sms_steps(task: str) -> Any:
    """The steps of ``task``'s conversation: what it sends may use the values it is given."""
    said = Annotated[Any, Template(*SMS_FILLS.get(task, ()))]
    step = create_model(f"SmsStep_{task}", __base__=SmsStep,
                        send=(said, label("")), answer=(said, label("")))
    return list[step] | None  # type: ignore[valid-type]


SMS_TASK_WHAT = {
    "price": "asking an offering's price", "order": "ordering", "query": "listing the services",
    "change": "changing the plan", "cancel": "unsubscribing by the offering's code",
    "cancel_list": "listing what can be unsubscribed",
    "cancel_pick": "unsubscribing the n-th of that list", "bills": "listing the bills",
    "bill_lines": "asking a bill's lines", "usage": "asking the usage",
    "balance": "asking the balance", "top_up": "topping up with a card"}
_SMS_FLOWS: dict[str, Any] = {
    task: (sms_steps(task), Field(None, description=f"The conversation {what}: its steps"
                                  + (f" ({', '.join('{' + f + '}' for f in SMS_FILLS[task])}"
                                     " filled in)." if task in SMS_FILLS else ".")))
    for task, what in SMS_TASK_WHAT.items()}
SmsFlows = create_model("SmsFlows", __base__=Section, **_SMS_FLOWS)


class Sms(Section):
    short_code: Label = label("The short code commands are sent to.")
    reply_timeout: Annotated[Any, Number(0.001)] = label("Carrier seconds to wait for a "
                                                         "reply.")
    codes: dict[str, Label] = Field(default_factory=dict, description="Each offering → its "
                                    "code in commands.")
    commands: Commands | None = label("One-step tasks: the command sent, its first reply "
                                      "read.")
    flows: SmsFlows | None = label(  # type: ignore[valid-type]
        "Tasks of several steps (a second confirmation): `send`, `expect`, `answer`.")
    not_offered: list[Annotated[Any, OneOf(*SMS_TASK_WHAT)]] = Field(
        default_factory=list, description="Tasks the hall does not offer at all: the checks "
        "that need them are not applicable here, and say so.")
    replies: Replies | None = label("How each reply reads.")
    status: Statuses = Field(default_factory=dict, description="Status word → TM Forum's.")
    unlisted_status: Status = label("The status of a product listed before and listed no "
                                    "more (a hall that lists live products only).")
    pending_pattern: Regex = label("Reads a pending change.")
    types: dict[str, Annotated[Any, OneOf(*KINDS)]] = Field(
        default_factory=dict, description="Usage type word → voice or data.")


# -- hotline ---------------------------------------------------------------------------------
# steps: an option's name, {option: key}, "{item}", "{item:X}", "{listed}", "{card}"
MenuPath = list[Any]
HOTLINE_TASKS = ("offering", "order", "change", "services", "cancel", "bills", "bill_lines",
                 "usage", "dispute", "agent", "repair", "balance", "top_up")
Menus = keys("Menus", Section, MenuPath | None, "The menu path {} (several paths: the first "
             "that offers the product).", offering="to an offering's price",
             order="to order an offering", change="to change the plan",
             services="to the customer's services", cancel="to unsubscribe",
             bills="to the bills",
             bill_lines="to the latest bill's lines read out (without it, or without "
             "prompts.bill_line, the hotline reads no itemised record)",
             usage="to this month's usage",
             dispute="to complain about a bill line", agent="to an agent",
             repair="to report a fault", balance="to the prepaid balance",
             top_up="to top up with a recharge card")


class QueueOptions(Section):
    wait: Label = label("Keep waiting.")
    self_service: Label = label("Self-service.")
    call_back: Label = label("Be called back.")


class Prompts(Section):
    offering: Regex = label("An offering's price (groups name, fee, terms).")
    order: Regex = label("The order number (group order).")
    product: Regex = label("A service listed (groups n, name, status).")
    change: Regex = label("The change's effective day (group date).")
    accepted: Regex = label("A request accepted.")
    bill: Regex = label("A bill (groups year, month, amount).")
    bill_lines: Regex = label("Which bill's lines are read out (groups month, and year "
                              "where it is said); absent: not checked.")
    bill_line: Regex = label("A bill line read out (groups name, charge, and quantity in "
                             "minutes or MB for a session).")
    usage: Regex = label("This month's usage (groups voice, data).")
    dispute: Regex = label("The complaint's ticket (group ticket).")
    ticket: Regex = label("A fault ticket (group ticket).")
    queue_options: QueueOptions | None = label("What the menu must offer while the agents "
                                               "are busy.")
    balance: Regex = label("The balance (group balance).")
    topped_up: Regex = label("A top-up taken (group balance).")
    top_up_refused: Regex = label("A top-up refused (group reason).")


class HotlineAnswer(Section):
    call: Label = label("The answer's field with the call's id (default id).")
    prompt: Label = label("The field with what the menu says (default prompt).")
    ended: Label = label("The field saying the call ended (default ended).")


class Hotline(Section):
    call: Annotated[Any, Url()] = label("Starts a call.")
    keys: Annotated[Any, Url("call")] = label("Presses keys in a call.")
    dial: dict[str, Annotated[Any, Template("msisdn")]] = Field(
        default_factory=dict, description="The body that starts a call ({msisdn}: the caller; "
        "default `{from: \"{msisdn}\"}`).")
    press: dict[str, Annotated[Any, Template("keys")]] = Field(
        default_factory=dict, description="The body that presses a key ({keys}: the key; "
        "default `{keys: \"{keys}\"}`).")
    answer: HotlineAnswer | None = label("Where the answer says the call, the prompt and "
                                         "the end.")
    menus: Menus | None = label("Each task's path through the menu.")  # type: ignore[valid-type]
    option: Regex = label("An option a prompt announces (groups name, key).")
    choose: Regex = label("How a list says to choose by number (group name).")
    item: Regex = label("An item of a prompt's list (groups n, name).")
    back: Label = label("The option that goes back one menu, as the prompts announce it "
                        "(e.g. 返回上级): a task with several paths goes back by it to try the "
                        "next, where without it the caller hangs up and dials again.")
    prompts: Prompts | None = label("How each prompt reads.")
    line_kinds: dict[str, Annotated[Any, OneOf(*LINE_KINDS)]] = Field(
        default_factory=dict, description="A word a bill line's name contains → its kind "
        "(the first word that matches; none: other).")
    status: Statuses = Field(default_factory=dict, description="Status word → TM Forum's.")
    states_from: Annotated[Any, OneOf(*(c for c in CHANNELS if c != "hotline"), hint=(
        "name another channel that shows the products' states (e.g. sms)"))] = label(
        "A menu that does not tell a product's state: the channel the walk reads the states "
        "from.")
    not_offered: list[Annotated[Any, OneOf(*HOTLINE_TASKS)]] = Field(
        default_factory=list, description="Tasks the menu does not offer at all: the checks "
        "that need them are not applicable here, and say so.")


class Channels(Section):
    api: Api | None = label("The TM Forum Open APIs.")
    web: Hall | None = label("The web self-service hall.")
    mobile: Mobile | None = label("The mobile hall (the web hall's keys, plus the device).")
    counter: Hall | None = label("The store counter application (the web hall's keys).")
    hotline: Hotline | None = label("The hotline's voice menu.")
    sms: Sms | None = label("The SMS short code.")
