@product:vas
Feature: Value-added subscription, from order to unsubscribe
  A customer with a mobile plan subscribes to an information service or a ring-back tone on
  one channel, and the walk checks the rules of DOMAIN.md [004]: the confirmation SMS, the
  free trial (ordered on the 1st-20th: that month free; later: that month and the next), the
  reminder on the 21st-25th, the fee from the 1st, and unsubscribing on that very channel;
  each ring-back tone order counts toward the 93 % ordering success rate of [000].
  Each channel walks one service, so both services and both trial rules are walked in a run.

  Scenario Outline: The <service> service ordered on day <day> on the <channel> channel
    Given a new customer with a mobile plan who reads <reads> and uses the <channel> channel
    And it is day <day> of the month

    # order
    When the customer looks up the <service> service in the catalogue
    Then the catalogue shows the published price and terms [ORD-PRICE-SHOWN]
    When the customer subscribes to it
    Then the subscription is accepted with an order number [ORD-ACK]
    And a ring-back tone order is accepted, one attempt of its success rate [VAS-RING-ORDER]
    And the order took at most the standard time at the counter [ORD-COUNTER-5MIN]
    And an order confirmation SMS arrives in time [ORD-SMS-5MIN]
    And the confirmation names the service, the fee, when charging starts and how to unsubscribe [ORD-SMS-CONTENT]

    # activate
    When the customer waits for activation
    Then the service is active in time [ACT-ACTIVE-24H]

    # use
    Then the service delivers in time [VAS-DELIVERS]

    # bill
    When the free trial ends
    Then no information fee is charged in the free months [VAS-TRIAL]
    And a reminder came on the 21st to 25th of the last free month [VAS-REMINDER]
    And the whole information fee is charged from the 1st after the trial [VAS-FROM-1ST]

    # cancel
    When the customer unsubscribes from the service
    Then the unsubscribe is confirmed by SMS in time [CAN-CONFIRM]
    And the unsubscribe took at most the standard time at the counter [CAN-COUNTER-5MIN]
    And the unsubscribe took few key presses on the hotline [CAN-HOTLINE-KEYS]
    And the voice menu announced the way to unsubscribe [HOT-MENU-CANCEL]
    And the voice menu announced every other option the customer needed [HOT-MENU-OPTIONS]
    And the voice menu's way back went back one menu [HOT-MENU-BACK]
    And the unsubscribe takes effect in time [CAN-EFFECT-24H]
    And no information fee is charged after the unsubscribe [CAN-CHARGES-STOP]

    @channel:api
    Examples: API
      | channel | service | day | reads   |
      | api     | news    | 20  | English |

    @channel:web
    Examples: web hall
      | channel | service | day | reads   |
      | web     | music   | 21  | Chinese |
      | web     | news    | 20  | Chinese |

    @channel:mobile
    Examples: mobile hall
      | channel | service | day | reads   |
      | mobile  | news    | 21  | Chinese |

    @channel:counter
    Examples: store counter
      | channel | service | day | reads   |
      | counter | music   | 20  | Chinese |

    @channel:hotline
    Examples: hotline voice menu
      | channel | service | day | reads   |
      | hotline | news    | 20  | Chinese |

    @channel:sms
    Examples: SMS hall
      | channel | service | day | reads   |
      | sms     | music   | 21  | English |
      | sms     | news    | 20  | Chinese |

  Scenario Outline: An information fee never ordered, complained about on the <channel> channel
    A content provider bills the customer for a service they never ordered. The customer
    complains about that line of the bill; the carrier must answer within 3 days and refund
    double a fee charged in error (once, if it could not verify it in time) [004].
    Given a new customer with a mobile plan who reads <reads> and uses the <channel> channel
    And a content provider bills the customer an information fee they never ordered

    # bill
    When the month's bill comes

    # change
    And the customer complains about that information fee on the bill
    Then the complaint is answered in time [REF-3DAYS]
    And the fee is refunded by the rule on the bill [REF-DOUBLE]

    @channel:web
    Examples: web hall
      | channel | reads   |
      | web     | Chinese |

    @channel:mobile
    Examples: mobile hall
      | channel | reads   |
      | mobile  | English |

    @channel:counter
    Examples: store counter
      | channel | reads   |
      | counter | Chinese |

    @channel:hotline
    Examples: hotline voice menu
      | channel | reads   |
      | hotline | Chinese |

  @cross-channel
  Scenario: One customer's subscriptions look the same on every channel
    Given a new customer with a mobile plan who asks on every channel the service is sold on
    When the customer subscribes to the news service on the first channel
    Then every channel shows the same subscriptions [VAS-SAME-SUBS]
    When the customer unsubscribes from it on the last channel
    Then every channel shows the same subscriptions [VAS-SAME-SUBS]
