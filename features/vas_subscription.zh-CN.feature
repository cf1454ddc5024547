# language: zh-CN
@product:vas @lang:zh-CN
功能: 增值业务全程穿越
  已有手机套餐的客户在一个渠道订购资讯或彩铃业务,检查确认短信、免费试用(1-20日订购当月免费,之后订购当月及次月免费)、
  21至25日提醒、次月1日起收费,以及在同一渠道退订;每笔彩铃订购计入铃音订购成功率(≥93%)。

  场景大纲: 在<channel>渠道于<day>日订购<service>业务
    假如 一位已有手机套餐、阅读<reads>短信、使用<channel>渠道的新客户
    而且 今天是当月<day>日

    # 订购
    当 客户在目录中查找<service>业务
    那么 目录展示的资费和条款与公布的一致 [ORD-PRICE-SHOWN]
    当 客户订购该业务
    那么 业务订购被受理并给出订单号 [ORD-ACK]
    而且 彩铃订购被受理,计入彩铃订购成功率 [VAS-RING-ORDER]
    而且 营业厅订购受理在标准时长内完成 [ORD-COUNTER-5MIN]
    而且 订购确认短信按时送达 [ORD-SMS-5MIN]
    而且 确认短信写明业务、资费、计费起点和退订方式 [ORD-SMS-CONTENT]

    # 开通
    当 客户等待开通
    那么 业务按时开通 [ACT-ACTIVE-24H]

    # 使用
    那么 业务按时提供内容 [VAS-DELIVERS]

    # 计费
    当 免费试用期结束
    那么 试用期内不收信息费 [VAS-TRIAL]
    而且 试用期末月21至25日收到提醒 [VAS-REMINDER]
    而且 试用期后自1日起收取整月信息费 [VAS-FROM-1ST]

    # 退订
    当 客户退订该业务
    那么 退订确认短信按时送达 [CAN-CONFIRM]
    而且 营业厅退订受理在标准时长内完成 [CAN-COUNTER-5MIN]
    而且 热线退订按键次数不超标准 [CAN-HOTLINE-KEYS]
    而且 热线语音菜单播报了退订方式 [HOT-MENU-CANCEL]
    而且 热线语音菜单播报了客户所需的其他每个选项 [HOT-MENU-OPTIONS]
    而且 热线语音菜单的返回键返回了上一级菜单 [HOT-MENU-BACK]
    而且 退订按时生效 [CAN-EFFECT-24H]
    而且 退订后不再收取信息费 [CAN-CHARGES-STOP]

    @channel:api
    例子: API
      | channel | service | day | reads |
      | api     | news    | 20  | 英文  |

    @channel:web
    例子: 网上营业厅
      | channel | service | day | reads |
      | web     | music   | 21  | 中文  |
      | web     | news    | 20  | 中文  |

    @channel:mobile
    例子: 掌上营业厅
      | channel | service | day | reads |
      | mobile  | news    | 21  | 中文  |

    @channel:counter
    例子: 营业厅柜台
      | channel | service | day | reads |
      | counter | music   | 20  | 中文  |

    @channel:hotline
    例子: 热线语音菜单
      | channel | service | day | reads |
      | hotline | news    | 20  | 中文  |

    @channel:sms
    例子: 短信营业厅
      | channel | service | day | reads |
      | sms     | music   | 21  | 英文  |
      | sms     | news    | 20  | 中文  |

  场景大纲: 未订购却被收取信息费,在<channel>渠道投诉
    内容提供商向客户收取了其未订购业务的信息费。客户对账单中的这一项投诉;运营商须在3日内答复,
    差错收费双倍返还(3日内无法核实的退还但不双倍)[004]。
    假如 一位已有手机套餐、阅读<reads>短信、使用<channel>渠道的新客户
    而且 内容提供商向客户收取了其未订购业务的信息费

    # 计费
    当 当月账单出账

    # 变更
    而且 客户对账单中的该信息费投诉
    那么 投诉按时得到答复 [REF-3DAYS]
    而且 按规则在账单中退还信息费 [REF-DOUBLE]

    @channel:web
    例子: 网上营业厅
      | channel | reads |
      | web     | 中文  |

    @channel:mobile
    例子: 掌上营业厅
      | channel | reads |
      | mobile  | 英文  |

    @channel:counter
    例子: 营业厅柜台
      | channel | reads |
      | counter | 中文  |

    @channel:hotline
    例子: 热线语音菜单
      | channel | reads |
      | hotline | 中文  |

  @cross-channel
  场景: 同一位客户在各渠道看到的订购关系一致
    假如 一位已有手机套餐、在销售该业务的每个渠道询问的新客户
    当 客户在第一个渠道订购news业务
    那么 各渠道显示的订购关系一致 [VAS-SAME-SUBS]
    当 客户在最后一个渠道退订该业务
    那么 各渠道显示的订购关系一致 [VAS-SAME-SUBS]
