@product:mobile_plan
Feature: Mobile plan, from order to cancel
  A new customer takes the carrier's entry mobile plan through its whole life on one channel,
  as a walker would by hand: order, activate, use, bill, change, cancel. Each Then names the
  service standard it checks (scenarios/standards.yaml).

  Scenario Outline: Mobile plan walk on the <channel> channel
    Given a new customer who reads <reads> and uses the <channel> channel

    # order
    When the customer looks up the mobile plan in the catalogue
    Then the catalogue shows the published price and terms [ORD-PRICE-SHOWN]
    When the customer orders the mobile plan
    Then the order is accepted with an order number [ORD-ACK]
    And the order took at most the standard time at the counter [ORD-COUNTER-5MIN]
    And the order took few clicks in the hall [ORD-CLICKS]
    And the order took few page loads in the hall [ORD-PAGES]
    And the order took the customer little time in the hall [ORD-TIME]
    And an order confirmation SMS arrives in time [ORD-SMS-5MIN]
    And the confirmation names the service, the fee, when charging starts and how to unsubscribe [ORD-SMS-CONTENT]

    # activate
    When the customer waits for activation
    Then the plan is active in time [ACT-ACTIVE-24H]
    And the activation notice names the number and the plan [ACT-NOTICE]

    # use
    When the customer makes a call and uses mobile data
    Then every call and data session connects [USE-WORKS]
    And every session is recorded with its quantity [USE-RECORDED]

    # bill
    When the month ends
    Then a bill notice SMS arrives in time [BILL-NOTICE]
    And the bills shown are the customer's own [BILL-OWN]
    And the bill matches the tariff to the fen [BILL-ACCURATE]
    And the itemised record lists every session [BILL-ITEMISED]

    # change
    When the customer changes to the upgrade plan
    Then the change is confirmed by SMS in time [CHG-CONFIRM]
    And the plan change took at most the standard time at the counter [CHG-COUNTER-5MIN]
    And asking the hotline for an agent while they are busy offers other ways [HOT-QUEUE]
    And the change takes effect when the tariff says, not before [CHG-EFFECTIVE]

    # cancel
    When the customer unsubscribes from the plan
    Then the unsubscribe is confirmed by SMS in time [CAN-CONFIRM]
    And the unsubscribe took at most the standard time at the counter [CAN-COUNTER-5MIN]
    And the unsubscribe took few key presses on the hotline [CAN-HOTLINE-KEYS]
    And the voice menu announced the way to unsubscribe [HOT-MENU-CANCEL]
    And the voice menu announced every other option the customer needed [HOT-MENU-OPTIONS]
    And the voice menu's way back went back one menu [HOT-MENU-BACK]
    And the unsubscribe takes effect in time [CAN-EFFECT-24H]
    And no charges are made after the unsubscribe [CAN-CHARGES-STOP]

    @channel:api
    Examples: API
      | channel | reads   |
      | api     | English |

    @channel:web
    Examples: web hall
      | channel | reads   |
      | web     | Chinese |

    @channel:mobile
    Examples: mobile hall
      | channel | reads   |
      | mobile  | Chinese |

    @channel:counter
    Examples: store counter
      | channel | reads   |
      | counter | Chinese |

    @channel:hotline
    Examples: hotline voice menu
      | channel | reads   |
      | hotline | Chinese |

    @channel:sms
    Examples: SMS hall
      | channel | reads   |
      | sms     | Chinese |
